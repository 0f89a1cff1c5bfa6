using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserPoolId = table.Column<string>(type: "text", nullable: false),
                    Username = table.Column<string>(type: "text", nullable: false),
                    Destination = table.Column<string>(type: "text", nullable: false),
                    Medium = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Code = table.Column<string>(type: "text", nullable: true),
                    Subject = table.Column<string>(type: "text", nullable: true),
                    Body = table.Column<string>(type: "text", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UserPools",
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
                    table.PrimaryKey("PK_UserPools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AppClients",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    UserPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    SecretCipher = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Settings = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppClients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AppClients_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Groups",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    GroupName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    RoleArn = table.Column<string>(type: "text", nullable: true),
                    Precedence = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Groups", x => new { x.UserPoolId, x.GroupName });
                    table.ForeignKey(
                        name: "FK_Groups_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SigningKeys",
                columns: table => new
                {
                    Kid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    PrivateKeyCipher = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningKeys", x => x.Kid);
                    table.ForeignKey(
                        name: "FK_SigningKeys_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    Username = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    UsernameKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Sub = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Attributes = table.Column<string>(type: "text", nullable: false),
                    EmailAliasKey = table.Column<string>(type: "text", nullable: true),
                    PhoneAliasKey = table.Column<string>(type: "text", nullable: true),
                    PreferredUsernameKey = table.Column<string>(type: "text", nullable: true),
                    Email = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    PhoneNumber = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    Name = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    GivenName = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    FamilyName = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    PreferredUsername = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SrpSalt = table.Column<string>(type: "text", nullable: true),
                    SrpVerifier = table.Column<string>(type: "text", nullable: true),
                    FailedSignInAttempts = table.Column<int>(type: "integer", nullable: false),
                    TemporaryPasswordExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SmsMfaEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    SoftwareTokenMfaEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    EmailMfaEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    PreferredMfa = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    SoftwareTokenSecretCipher = table.Column<string>(type: "text", nullable: true),
                    PendingSoftwareTokenSecretCipher = table.Column<string>(type: "text", nullable: true),
                    SoftwareTokenLastStep = table.Column<long>(type: "bigint", nullable: false),
                    SoftwareTokenDeviceName = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Users_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AuthSessions",
                columns: table => new
                {
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<string>(type: "text", nullable: false),
                    ChallengeName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthSessions", x => x.TokenHash);
                    table.ForeignKey(
                        name: "FK_AuthSessions_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GroupMemberships",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "character varying(55)", nullable: false),
                    GroupName = table.Column<string>(type: "character varying(128)", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupMemberships", x => new { x.UserPoolId, x.GroupName, x.UserId });
                    table.ForeignKey(
                        name: "FK_GroupMemberships_Groups_UserPoolId_GroupName",
                        columns: x => new { x.UserPoolId, x.GroupName },
                        principalTable: "Groups",
                        principalColumns: new[] { "UserPoolId", "GroupName" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GroupMemberships_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RefreshTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OriginJti = table.Column<Guid>(type: "uuid", nullable: false),
                    UserPoolId = table.Column<string>(type: "text", nullable: false),
                    ClientId = table.Column<string>(type: "text", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefreshTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RefreshTokens_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VerificationCodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FailedAttempts = table.Column<int>(type: "integer", nullable: false),
                    PendingValue = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VerificationCodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VerificationCodes_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AppClients_UserPoolId",
                table: "AppClients",
                column: "UserPoolId");

            migrationBuilder.CreateIndex(
                name: "IX_AuthSessions_UserId",
                table: "AuthSessions",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_GroupMemberships_UserId",
                table: "GroupMemberships",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_UserPoolId_Username_Id",
                table: "Outbox",
                columns: new[] { "UserPoolId", "Username", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_OriginJti",
                table: "RefreshTokens",
                column: "OriginJti",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_TokenHash",
                table: "RefreshTokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_UserId",
                table: "RefreshTokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_UserPoolId",
                table: "SigningKeys",
                column: "UserPoolId");

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_EmailAliasKey",
                table: "Users",
                columns: new[] { "UserPoolId", "EmailAliasKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Email_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "Email", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_FamilyName_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "FamilyName", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_GivenName_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "GivenName", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Name_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "Name", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_PhoneAliasKey",
                table: "Users",
                columns: new[] { "UserPoolId", "PhoneAliasKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_PhoneNumber_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "PhoneNumber", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_PreferredUsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "PreferredUsernameKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_PreferredUsername_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "PreferredUsername", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Status_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "Status", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Sub",
                table: "Users",
                columns: new[] { "UserPoolId", "Sub" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Username",
                table: "Users",
                columns: new[] { "UserPoolId", "Username" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "UsernameKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VerificationCodes_UserId_Purpose",
                table: "VerificationCodes",
                columns: new[] { "UserId", "Purpose" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AppClients");

            migrationBuilder.DropTable(
                name: "AuthSessions");

            migrationBuilder.DropTable(
                name: "GroupMemberships");

            migrationBuilder.DropTable(
                name: "Outbox");

            migrationBuilder.DropTable(
                name: "RefreshTokens");

            migrationBuilder.DropTable(
                name: "SigningKeys");

            migrationBuilder.DropTable(
                name: "VerificationCodes");

            migrationBuilder.DropTable(
                name: "Groups");

            migrationBuilder.DropTable(
                name: "Users");

            migrationBuilder.DropTable(
                name: "UserPools");
        }
    }
}
