using CognitoLite.Core;
using CognitoLite.Core.Seed;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Server.Dev;

/// <summary>
/// Development-mode helpers for test suites; not mapped at all in production mode. CognitoLite.Testing calls
/// <see cref="Reset"/> and <see cref="Outbox"/> directly, for the same answers without HTTP.
/// </summary>
internal static class DevEndpoints
{
    public static void MapDev(this WebApplication app)
    {
        app.MapPost("/_dev/reset", async (string? userPoolId, SeedService seed, CognitoOptions options, CognitoDbContext db, CancellationToken ct) =>
        {
            await Reset(userPoolId, seed, options, db, ct);
            return Results.Json(new { reset = userPoolId ?? "all" });
        });

        app.MapGet("/_dev/messages", async (string? userPoolId, string? username, CognitoDbContext db, CancellationToken ct) =>
        {
            var messages = await Outbox(db, userPoolId, username).Take(1000).ToListAsync(ct);
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
                sentAt = SentAt(m),
            }));
        });
    }

    /// <summary>
    /// A clean slate between tests: wipes every pool (or one) and re-applies the seed file. A pool the seed file names
    /// is restored even after it was deleted; any other pool must exist.
    /// </summary>
    public static async Task Reset(string? userPoolId, SeedService seed, CognitoOptions options, CognitoDbContext db, CancellationToken ct)
    {
        var existed = userPoolId is null || await db.UserPools.AnyAsync(p => p.Id == userPoolId, ct);
        if (!existed && options.SeedFile is null) throw Errors.ResourceNotFound($"User pool {userPoolId} does not exist.");
        await seed.Reset(userPoolId, ct);
        if (options.SeedFile is not null) await seed.Apply(options.SeedFile, ct);
        if (!existed && !await db.UserPools.AnyAsync(p => p.Id == userPoolId, ct)) throw Errors.ResourceNotFound($"User pool {userPoolId} does not exist.");
    }

    /// <summary>
    /// Every message sent (to one user of one pool, when given), oldest first: how a test reads a confirmation or MFA code.
    /// The username is the name typed (an email in email-as-username pools) or the canonical username.
    /// </summary>
    public static IQueryable<OutboxMessage> Outbox(CognitoDbContext db, string? userPoolId, string? username)
    {
        var query = db.Outbox.AsNoTracking();
        if (userPoolId is not null) query = query.Where(m => m.UserPoolId == userPoolId);
        if (username is not null) query = query.Where(m => m.Username == username || m.Destination == username);
        return query.OrderBy(m => m.Id);
    }

    /// <summary>The store gives the time back without its kind; it is UTC.</summary>
    public static DateTimeOffset SentAt(OutboxMessage message) => new(DateTime.SpecifyKind(message.SentAt, DateTimeKind.Utc));
}
