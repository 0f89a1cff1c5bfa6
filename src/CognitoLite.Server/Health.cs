using CognitoLite.Core.Storage;

namespace CognitoLite.Server;

/// <summary>/health/live answers while the process runs; /health/ready only while the database answers too.</summary>
internal static class Health
{
    public static void MapHealth(this WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/health/ready", async (CognitoDbContext db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct)
                ? Results.Json(new { status = "ready" })
                : Results.Json(new { status = "database unavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable));
    }
}
