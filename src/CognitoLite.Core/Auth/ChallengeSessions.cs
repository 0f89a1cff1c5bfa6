using System.Security.Cryptography;
using CognitoLite.Core.Security;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Auth;

/// <summary>
/// Opaque challenge sessions: a random string for the client, its hash in the database, bound to user,
/// client and step, valid for the client's AuthSessionValidity (3 minutes by default). Most steps are used
/// once (<see cref="Take"/>); a code challenge survives wrong answers until its attempts run out (<see cref="Attempt"/>).
/// </summary>
public sealed class ChallengeSessions(CognitoDbContext db, ThreatProtection threats, CognitoOptions options, TimeProvider clock)
{
    public string Start(User user, AppClient client, string step, Dictionary<string, string>? data = null)
    {
        var token = Unbacked();
        db.AuthSessions.Add(new AuthSession
        {
            TokenHash = SecretProtector.HashToken(token),
            UserId = user.Id,
            ClientId = client.Id,
            ChallengeName = step,
            Data = threats.Tagged(data ?? []),
            ExpiresAt = clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(client.Settings.AuthSessionValidity ?? 3),
        });
        return token;
    }

    /// <summary>A token shaped like a session's that leads nowhere (nothing is stored): what an unknown user is handed when the
    /// client prevents user-existence errors. Answers to it are refused like answers to any unknown session.</summary>
    public static string Unbacked() => Jwt.Base64Url(RandomNumberGenerator.GetBytes(96));

    /// <summary>Takes the session for this client (any client when null: the session names it) and step, removing it so it cannot be replayed.</summary>
    public async Task<AuthSession> Take(string? token, AppClient? client, string step, CancellationToken ct)
    {
        var session = await Find(token, client, step, ct);
        await Finish(session, ct);
        return session;
    }

    /// <summary>
    /// Finds the session and reserves one of its attempts before the caller checks an answer, so parallel guesses
    /// cannot exceed the limit; once they are spent the session is gone. The caller ends it with <see cref="Finish"/>.
    /// </summary>
    public async Task<AuthSession> Attempt(string? token, AppClient? client, string step, CancellationToken ct)
    {
        var session = await Find(token, client, step, ct);
        var max = options.Codes.MaxAttempts;
        var reserved = await db.AuthSessions
            .Where(s => s.TokenHash == session.TokenHash && s.Attempts < max)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Attempts, a => a.Attempts + 1), ct);
        if (reserved == 0)
        {
            await db.AuthSessions.Where(s => s.TokenHash == session.TokenHash).ExecuteDeleteAsync(ct);
            throw Errors.InvalidSession();
        }
        return session;
    }

    /// <summary>Uses the session up. Of two parallel answers only one finishes it; the other is refused.</summary>
    public async Task Finish(AuthSession session, CancellationToken ct)
    {
        var taken = await db.AuthSessions.Where(s => s.TokenHash == session.TokenHash).ExecuteDeleteAsync(ct);
        if (taken == 0) throw Errors.InvalidSession();
    }

    /// <summary>The live session for the token, without using it; an expired one is removed.</summary>
    public async Task<AuthSession> Find(string? token, AppClient? client, string step, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token)) throw Errors.InvalidParameter("Missing required parameter Session");
        var hash = SecretProtector.HashToken(token);
        var session = await db.AuthSessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, ct);
        if (session is null || client is not null && session.ClientId != client.Id || session.ChallengeName != step)
            throw Errors.InvalidSession();
        if (session.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
        {
            await db.AuthSessions.Where(s => s.TokenHash == hash).ExecuteDeleteAsync(ct);
            throw Errors.NotAuthorized("Invalid session for the user, session is expired.");
        }
        threats.Resume(session);
        return session;
    }

}
