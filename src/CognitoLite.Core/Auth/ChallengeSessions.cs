using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Auth;

/// <summary>
/// Opaque challenge sessions: a random string for the client, its hash in the database, bound to user,
/// client and challenge, valid for the client's AuthSessionValidity (3 minutes by default) and used once.
/// </summary>
public sealed class ChallengeSessions(CognitoDbContext db, TimeProvider clock)
{
    public string Start(User user, AppClient client, string challengeName, Dictionary<string, string>? data = null)
    {
        var token = Jwt.Base64Url(RandomNumberGenerator.GetBytes(96));
        db.AuthSessions.Add(new AuthSession
        {
            TokenHash = Hash(token),
            UserId = user.Id,
            ClientId = client.Id,
            ChallengeName = challengeName,
            Data = data ?? [],
            ExpiresAt = clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(client.Settings.AuthSessionValidity ?? 3),
        });
        return token;
    }

    /// <summary>Takes the session for this client and challenge, removing it so it cannot be replayed.</summary>
    public async Task<AuthSession> Take(string? token, AppClient client, string challengeName, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token)) throw Errors.InvalidParameter("Missing required parameter Session");
        var hash = Hash(token);
        var session = await db.AuthSessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, ct);
        if (session is null || session.ClientId != client.Id || session.ChallengeName != challengeName)
            throw Errors.NotAuthorized("Invalid session for the user.");
        var taken = await db.AuthSessions.Where(s => s.TokenHash == hash).ExecuteDeleteAsync(ct);
        if (taken == 0) throw Errors.NotAuthorized("Invalid session for the user.");
        if (session.ExpiresAt <= clock.GetUtcNow().UtcDateTime) throw Errors.NotAuthorized("Invalid session for the user, session is expired.");
        return session;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
