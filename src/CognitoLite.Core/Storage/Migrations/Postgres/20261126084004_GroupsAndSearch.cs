using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GroupsAndSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "Users",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "FamilyName",
                table: "Users",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "GivenName",
                table: "Users",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "Users",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "PhoneNumber",
                table: "Users",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "PreferredUsername",
                table: "Users",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true,
                collation: "C");

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
                name: "IX_Users_UserPoolId_PhoneNumber_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "PhoneNumber", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_PreferredUsername_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "PreferredUsername", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Status_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "Status", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Username",
                table: "Users",
                columns: new[] { "UserPoolId", "Username" });

            migrationBuilder.CreateIndex(
                name: "IX_GroupMemberships_UserId",
                table: "GroupMemberships",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GroupMemberships");

            migrationBuilder.DropTable(
                name: "Groups");

            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_Email_UsernameKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_FamilyName_UsernameKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_GivenName_UsernameKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_Name_UsernameKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_PhoneNumber_UsernameKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_PreferredUsername_UsernameKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_Status_UsernameKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_Username",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "FamilyName",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "GivenName",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "PhoneNumber",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "PreferredUsername",
                table: "Users");
        }
    }
}
