using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OAuthManagement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Secrets",
                table: "AppClients",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            // An existing client secret becomes the client's first secret (id `clientId--epochMilliseconds`).
            migrationBuilder.Sql("""
                UPDATE "AppClients" SET "Secrets" = json_array(json_object(
                    'Id', "Id" || '--' || CAST(ROUND((julianday("CreatedAt") - 2440587.5) * 86400000) AS INTEGER),
                    'Cipher', "SecretCipher",
                    'CreatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', "CreatedAt")))
                WHERE "SecretCipher" IS NOT NULL;
                """);

            // SQLite drops the column itself (3.35+): EF's DropColumn rebuilds the table with foreign keys off, outside
            // the migration's transaction, and warns about it on every new database.
            migrationBuilder.Sql("""ALTER TABLE "AppClients" DROP COLUMN "SecretCipher";""");

            migrationBuilder.CreateTable(
                name: "ManagedLoginBrandings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserPoolId = table.Column<string>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", nullable: false),
                    UseCognitoProvidedValues = table.Column<bool>(type: "INTEGER", nullable: false),
                    Settings = table.Column<string>(type: "TEXT", nullable: true),
                    Assets = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManagedLoginBrandings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ManagedLoginBrandings_AppClients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "AppClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ResourceServers",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "TEXT", nullable: false),
                    Identifier = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceServers", x => new { x.UserPoolId, x.Identifier });
                    table.ForeignKey(
                        name: "FK_ResourceServers_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Terms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserPoolId = table.Column<string>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", nullable: false),
                    TermsName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TermsSource = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Enforcement = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Links = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Terms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Terms_AppClients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "AppClients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UICustomizations",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Css = table.Column<string>(type: "TEXT", nullable: true),
                    Image = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ImageExtension = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UICustomizations", x => new { x.UserPoolId, x.ClientId });
                    table.ForeignKey(
                        name: "FK_UICustomizations_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserPoolDomains",
                columns: table => new
                {
                    Domain = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    UserPoolId = table.Column<string>(type: "TEXT", nullable: false),
                    IsCustom = table.Column<bool>(type: "INTEGER", nullable: false),
                    CertificateArn = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    SecurityPolicy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ManagedLoginVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserPoolDomains", x => x.Domain);
                    table.ForeignKey(
                        name: "FK_UserPoolDomains_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ManagedLoginBrandings_ClientId",
                table: "ManagedLoginBrandings",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Terms_ClientId_TermsName",
                table: "Terms",
                columns: new[] { "ClientId", "TermsName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Terms_UserPoolId_Id",
                table: "Terms",
                columns: new[] { "UserPoolId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_UserPoolDomains_UserPoolId_IsCustom",
                table: "UserPoolDomains",
                columns: new[] { "UserPoolId", "IsCustom" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ManagedLoginBrandings");

            migrationBuilder.DropTable(
                name: "ResourceServers");

            migrationBuilder.DropTable(
                name: "Terms");

            migrationBuilder.DropTable(
                name: "UICustomizations");

            migrationBuilder.DropTable(
                name: "UserPoolDomains");

            migrationBuilder.AddColumn<string>(
                name: "SecretCipher",
                table: "AppClients",
                type: "TEXT",
                nullable: true);

            // Back to one secret per client: the oldest.
            migrationBuilder.Sql("""
                UPDATE "AppClients" SET "SecretCipher" = json_extract("Secrets", '$[0].Cipher');
                """);

            migrationBuilder.Sql("""ALTER TABLE "AppClients" DROP COLUMN "Secrets";""");
        }
    }
}
