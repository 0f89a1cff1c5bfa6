using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListUsersFilterIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_Username",
                table: "Users");

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Enabled_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "Enabled", "UsernameKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Username_UsernameKey",
                table: "Users",
                columns: new[] { "UserPoolId", "Username", "UsernameKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_Enabled_UsernameKey",
                table: "Users");

            migrationBuilder.DropIndex(
                name: "IX_Users_UserPoolId_Username_UsernameKey",
                table: "Users");

            migrationBuilder.CreateIndex(
                name: "IX_Users_UserPoolId_Username",
                table: "Users",
                columns: new[] { "UserPoolId", "Username" });
        }
    }
}
