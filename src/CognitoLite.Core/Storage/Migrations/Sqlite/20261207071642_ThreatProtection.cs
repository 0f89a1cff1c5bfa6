using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ThreatProtection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuthEvents",
                columns: table => new
                {
                    Number = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    UserPoolId = table.Column<string>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EventResponse = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RiskDecision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RiskLevel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    CompromisedCredentialsDetected = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordResponse = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    MfaResponse = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DeviceName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DeviceKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    FeedbackValue = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    FeedbackProvider = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    FeedbackDate = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthEvents", x => x.Number);
                    table.ForeignKey(
                        name: "FK_AuthEvents_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RiskConfigurations",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Settings = table.Column<string>(type: "TEXT", nullable: false),
                    LastModifiedDate = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RiskConfigurations", x => new { x.UserPoolId, x.ClientId });
                    table.ForeignKey(
                        name: "FK_RiskConfigurations_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuthEvents_EventId",
                table: "AuthEvents",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuthEvents_UserId_Number",
                table: "AuthEvents",
                columns: new[] { "UserId", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuthEvents");

            migrationBuilder.DropTable(
                name: "RiskConfigurations");
        }
    }
}
