using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CognitoLite.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UserImportJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LogDeliveryConfigurations",
                columns: table => new
                {
                    UserPoolId = table.Column<string>(type: "TEXT", nullable: false),
                    LogConfigurations = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogDeliveryConfigurations", x => x.UserPoolId);
                    table.ForeignKey(
                        name: "FK_LogDeliveryConfigurations_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserImportJobs",
                columns: table => new
                {
                    JobId = table.Column<string>(type: "TEXT", maxLength: 55, nullable: false),
                    UserPoolId = table.Column<string>(type: "TEXT", nullable: false),
                    JobName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CloudWatchLogsRoleArn = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    PreSignedUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ImportedUsers = table.Column<long>(type: "INTEGER", nullable: false),
                    SkippedUsers = table.Column<long>(type: "INTEGER", nullable: false),
                    FailedUsers = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletionMessage = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UploadId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RowsRead = table.Column<long>(type: "INTEGER", nullable: false),
                    Runner = table.Column<Guid>(type: "TEXT", nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserImportJobs", x => x.JobId);
                    table.ForeignKey(
                        name: "FK_UserImportJobs_UserPools_UserPoolId",
                        column: x => x.UserPoolId,
                        principalTable: "UserPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserImportCsvChunks",
                columns: table => new
                {
                    JobId = table.Column<string>(type: "TEXT", nullable: false),
                    UploadId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserImportCsvChunks", x => new { x.JobId, x.UploadId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_UserImportCsvChunks_UserImportJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "UserImportJobs",
                        principalColumn: "JobId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UserImportJobs_Status",
                table: "UserImportJobs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_UserImportJobs_UserPoolId_CreatedAt_JobId",
                table: "UserImportJobs",
                columns: new[] { "UserPoolId", "CreatedAt", "JobId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LogDeliveryConfigurations");

            migrationBuilder.DropTable(
                name: "UserImportCsvChunks");

            migrationBuilder.DropTable(
                name: "UserImportJobs");
        }
    }
}
