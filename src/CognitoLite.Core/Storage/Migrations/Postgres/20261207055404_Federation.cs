using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Federation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IdentityProviders",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProviderType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProviderDetails = table.Column<string>(type: "text", nullable: false),
                    AttributeMapping = table.Column<string>(type: "text", nullable: false),
                    IdpIdentifiers = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentityProviders", x => new { x.UserPoolId, x.ProviderName });
                    table.ForeignKey(
                        name: "FK_IdentityProviders_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PendingFederatedSignIns",
                columns: table => new
                {
                    StateHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AuthorizeParameters = table.Column<string>(type: "character varying(16384)", maxLength: 16384, nullable: false),
                    Nonce = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SamlRequestId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingFederatedSignIns", x => x.StateHash);
                    table.ForeignKey(
                        name: "FK_PendingFederatedSignIns_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProviderLinks",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "text", nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProviderAttributeName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProviderAttributeValue = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Primary = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProviderLinks", x => new { x.UserPoolId, x.ProviderName, x.ProviderAttributeName, x.ProviderAttributeValue });
                    table.ForeignKey(
                        name: "FK_ProviderLinks_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SamlSigningCertificates",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    Certificate = table.Column<string>(type: "text", nullable: false),
                    PrivateKeyCipher = table.Column<string>(type: "text", nullable: false),
                    NotAfter = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SamlSigningCertificates", x => x.UserPoolId);
                    table.ForeignKey(
                        name: "FK_SamlSigningCertificates_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SpentSamlAssertions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpentSamlAssertions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdpIdentifiers",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    Identifier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdpIdentifiers", x => new { x.UserPoolId, x.Identifier });
                    table.ForeignKey(
                        name: "FK_IdpIdentifiers_IdentityProviders_UserPoolId_ProviderName",
                        columns: x => new { x.UserPoolId, x.ProviderName },
                        principalTable: "IdentityProviders",
                        principalColumns: new[] { "UserPoolId", "ProviderName" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IdpIdentifiers_UserPoolId_ProviderName",
                table: "IdpIdentifiers",
                columns: new[] { "UserPoolId", "ProviderName" });

            migrationBuilder.CreateIndex(
                name: "IX_PendingFederatedSignIns_ExpiresAt",
                table: "PendingFederatedSignIns",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_PendingFederatedSignIns_UserPoolId",
                table: "PendingFederatedSignIns",
                column: "UserPoolId");

            migrationBuilder.CreateIndex(
                name: "IX_ProviderLinks_UserId",
                table: "ProviderLinks",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SpentSamlAssertions_ExpiresAt",
                table: "SpentSamlAssertions",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdpIdentifiers");

            migrationBuilder.DropTable(
                name: "PendingFederatedSignIns");

            migrationBuilder.DropTable(
                name: "ProviderLinks");

            migrationBuilder.DropTable(
                name: "SamlSigningCertificates");

            migrationBuilder.DropTable(
                name: "SpentSamlAssertions");

            migrationBuilder.DropTable(
                name: "IdentityProviders");
        }
    }
}
