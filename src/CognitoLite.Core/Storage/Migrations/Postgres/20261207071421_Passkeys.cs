using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Passkeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WebAuthnCredentials",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "text", nullable: false),
                    CredentialId = table.Column<string>(type: "character varying(1364)", maxLength: 1364, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    SignCount = table.Column<long>(type: "bigint", nullable: false),
                    RelyingPartyId = table.Column<string>(type: "character varying(127)", maxLength: 127, nullable: false),
                    AuthenticatorAttachment = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    AuthenticatorTransports = table.Column<string>(type: "text", nullable: false),
                    FriendlyCredentialName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebAuthnCredentials", x => new { x.UserPoolId, x.CredentialId });
                    table.ForeignKey(
                        name: "FK_WebAuthnCredentials_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebAuthnCredentials_UserId_CredentialId",
                table: "WebAuthnCredentials",
                columns: new[] { "UserId", "CredentialId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WebAuthnCredentials");
        }
    }
}
