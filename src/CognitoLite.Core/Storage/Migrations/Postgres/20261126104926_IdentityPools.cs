using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IdentityPools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IdentityPools",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: false),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Settings = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentityPools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdentitySigningKeys",
                columns: table => new
                {
                    Kid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PrivateKeyCipher = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentitySigningKeys", x => x.Kid);
                });

            migrationBuilder.CreateTable(
                name: "IssuedCredentials",
                columns: table => new
                {
                    AccessKeyId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SecretKeyCipher = table.Column<string>(type: "text", nullable: false),
                    SessionTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RoleArn = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    RoleSessionName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Provider = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "text", nullable: false),
                    Audience = table.Column<string>(type: "text", nullable: true),
                    IdentityId = table.Column<string>(type: "text", nullable: true),
                    Amr = table.Column<string>(type: "text", nullable: false),
                    PrincipalTags = table.Column<string>(type: "text", nullable: false),
                    SessionPolicy = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuedCredentials", x => x.AccessKeyId);
                });

            migrationBuilder.CreateTable(
                name: "Identities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: false),
                    IdentityPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Identities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Identities_IdentityPools_IdentityPoolId",
                        column: x => x.IdentityPoolId,
                        principalTable: "IdentityPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IdentityLogins",
                columns: table => new
                {
                    IdentityPoolId = table.Column<string>(type: "text", nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Subject = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    IdentityId = table.Column<string>(type: "character varying(55)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentityLogins", x => new { x.IdentityPoolId, x.ProviderName, x.Subject });
                    table.ForeignKey(
                        name: "FK_IdentityLogins_Identities_IdentityId",
                        column: x => x.IdentityId,
                        principalTable: "Identities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Identities_IdentityPoolId_Id",
                table: "Identities",
                columns: new[] { "IdentityPoolId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_IdentityLogins_IdentityId",
                table: "IdentityLogins",
                column: "IdentityId");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_ExpiresAt",
                table: "IssuedCredentials",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCredentials_IdentityId",
                table: "IssuedCredentials",
                column: "IdentityId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdentityLogins");

            migrationBuilder.DropTable(
                name: "IdentitySigningKeys");

            migrationBuilder.DropTable(
                name: "IssuedCredentials");

            migrationBuilder.DropTable(
                name: "Identities");

            migrationBuilder.DropTable(
                name: "IdentityPools");
        }
    }
}
