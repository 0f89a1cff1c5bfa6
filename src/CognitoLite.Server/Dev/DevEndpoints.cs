using CognitoLite.Core;
using CognitoLite.Core.Seed;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Server.Dev;

/// <summary>Development-mode helpers for test suites; not mapped at all in production mode.</summary>
internal static class DevEndpoints
{
    public static void MapDev(this WebApplication app)
    {
        // A clean slate between tests: wipe every pool (or one) and re-apply the seed file.
        // A pool the seed file names is restored even after it was deleted; any other pool must exist.
        app.MapPost("/_dev/reset", async (string? userPoolId, SeedService seed, CognitoOptions options, CognitoDbContext db, CancellationToken ct) =>
        {
            var existed = userPoolId is null || await db.UserPools.AnyAsync(p => p.Id == userPoolId, ct);
            if (!existed && options.SeedFile is null) throw Errors.ResourceNotFound($"User pool {userPoolId} does not exist.");
            await seed.Reset(userPoolId, ct);
            if (options.SeedFile is not null) await seed.Apply(options.SeedFile, ct);
            if (!existed && !await db.UserPools.AnyAsync(p => p.Id == userPoolId, ct)) throw Errors.ResourceNotFound($"User pool {userPoolId} does not exist.");
            return Results.Json(new { reset = userPoolId ?? "all" });
        });

        // Every message sent to a user, oldest first: how a test reads a confirmation or MFA code.
        app.MapGet("/_dev/messages", async (string? userPoolId, string? username, CognitoDbContext db, CancellationToken ct) =>
        {
            var query = db.Outbox.AsNoTracking();
            if (userPoolId is not null) query = query.Where(m => m.UserPoolId == userPoolId);
            // The name typed (an email in email-as-username pools) or the canonical username.
            if (username is not null) query = query.Where(m => m.Username == username || m.Destination == username);
            var messages = await query.OrderBy(m => m.Id).Take(1000).ToListAsync(ct);
            return Results.Json(messages.Select(m => new
            {
                userPoolId = m.UserPoolId,
                username = m.Username,
                destination = m.Destination,
                medium = m.Medium,
                kind = m.Kind,
                code = m.Code,
                subject = m.Subject,
                body = m.Body,
                sentAt = new DateTimeOffset(DateTime.SpecifyKind(m.SentAt, DateTimeKind.Utc)),
            }));
        });
    }
}
