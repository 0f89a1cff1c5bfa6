using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Srp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SrpSalt",
                table: "Users",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SrpVerifier",
                table: "Users",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SrpSalt",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "SrpVerifier",
                table: "Users");
        }
    }
}
