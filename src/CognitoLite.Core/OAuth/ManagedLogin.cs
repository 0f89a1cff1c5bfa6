using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.OAuth;

/// <summary>
/// What the managed login pages keep between requests, all in the database so that any replica can serve any step: the
/// browser's login session, the authorization codes and the anti-forgery tokens the forms have used.
/// </summary>
public sealed class ManagedLogin(CognitoDbContext db, TokenService tokens, SecretProtector secrets, TimeProvider clock)
{
    /// <summary>Cognito's managed login session lasts an hour.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FormTokenLifetime = TimeSpan.FromHours(1);

    /// <summary>A new login session for a user who signed in at the pages: the token goes into the browser's cookie, which ends with the session.</summary>
    public async Task<(string Token, DateTime AuthTime, DateTime ExpiresAt)> OpenSession(UserPool pool, User user, CancellationToken ct)
    {
        var token = NewToken();
        var now = clock.GetUtcNow().UtcDateTime;
        db.LoginSessions.Add(new LoginSession
        {
            TokenHash = SecretProtector.HashToken(token),
            UserPoolId = pool.Id,
            UserId = user.Id,
            AuthTime = now,
            ExpiresAt = now + SessionLifetime,
        });
        await db.SaveChangesAsync(ct);
        return (token, now, now + SessionLifetime);
    }

    /// <summary>The user of a live session of this pool who may still sign in (enabled, confirmed), with the time they signed in.</summary>
    public async Task<(User User, DateTime AuthTime)?> Session(UserPool pool, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128) return null;
        var hash = SecretProtector.HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.LoginSessions.AsNoTracking()
            .Where(s => s.TokenHash == hash && s.UserPoolId == pool.Id && s.ExpiresAt > now)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.AuthTime, User = u })
            .FirstOrDefaultAsync(ct);
        if (found is null || !found.User.Enabled || found.User.Status is not (UserStatus.Confirmed or UserStatus.ExternalProvider)) return null;
        return (found.User, found.AuthTime);
    }

    /// <summary>/logout: the session ends here, not only in this browser's cookie.</summary>
    public async Task EndSession(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128) return;
        var hash = SecretProtector.HashToken(token);
        await db.LoginSessions.Where(s => s.TokenHash == hash).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// The end of a sign-in at the pages: where the browser goes back to the app, with a code (`?code=…&amp;state=…`) or,
    /// for the implicit flow, the tokens in the fragment.
    /// </summary>
    public async Task<string> Complete(AuthorizeRequest request, User user, DateTime authTime, CancellationToken ct)
    {
        var answer = new List<KeyValuePair<string, string>>();
        if (request.ResponseType == "code")
        {
            var code = NewToken();
            var now = clock.GetUtcNow().UtcDateTime;
            db.AuthorizationCodes.Add(new AuthorizationCode
            {
                CodeHash = SecretProtector.HashToken(code),
                UserPoolId = request.Pool.Id,
                ClientId = request.Client.Id,
                UserId = user.Id,
                RedirectUri = request.RedirectUri,
                Scopes = string.Join(' ', request.Scopes),
                Nonce = request.Nonce,
                CodeChallenge = request.CodeChallenge,
                AuthTime = authTime,
                ExpiresAt = now + CodeLifetime,
            });
            await db.SaveChangesAsync(ct);
            answer.Add(new("code", code));
        }
        else
        {
            // The implicit flow gets no refresh token; its row still anchors the tokens' revocation (GlobalSignOut).
            var result = await tokens.SignIn(request.Pool, request.Client, user, ct, new OAuthGrant(request.Scopes, request.Nonce, authTime, "implicit"));
            if (result.IdToken is not null) answer.Add(new("id_token", result.IdToken));
            answer.Add(new("access_token", result.AccessToken));
            answer.Add(new("token_type", result.TokenType));
            answer.Add(new("expires_in", result.ExpiresIn.ToString(CultureInfo.InvariantCulture)));
        }
        if (request.State is not null) answer.Add(new("state", request.State));
        return WithParameters(request.RedirectUri, answer, fragment: request.ResponseType == "token");
    }

    /// <summary>A URL with parameters added to its query (or, for the implicit flow, as its fragment).</summary>
    public static string WithParameters(string url, IEnumerable<KeyValuePair<string, string>> parameters, bool fragment = false)
    {
        var encoded = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        if (encoded.Length == 0) return url;
        if (fragment) return $"{url.Split('#')[0]}#{encoded}";
        var hash = url.IndexOf('#');
        var (head, tail) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        return $"{head}{(head.Contains('?') ? '&' : '?')}{encoded}{tail}";
    }

    /// <summary>
    /// An anti-forgery token for a form, bound to the browser's anti-forgery cookie and signed with the master key, so any
    /// replica can check it; each is good for one POST within the hour.
    /// </summary>
    public string FormToken(string browserKey)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = (clock.GetUtcNow() + FormTokenLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{nonce}.{expires}.{secrets.Mac($"form|{browserKey}|{nonce}|{expires}")}";
    }

    /// <summary>True once for a form token issued to this browser and not expired; false for a missing, forged, foreign, expired or replayed one.</summary>
    public async Task<bool> SpendFormToken(string? browserKey, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(browserKey) || browserKey.Length > 128 || string.IsNullOrEmpty(token) || token.Length > 200) return false;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length != 32 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return false;
        var expected = Encoding.ASCII.GetBytes(secrets.Mac($"form|{browserKey}|{parts[0]}|{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2]))) return false;
        var now = clock.GetUtcNow();
        if (expires <= now.ToUnixTimeSeconds()) return false;

        db.SpentFormTokens.Add(new SpentFormToken { Nonce = parts[0], ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(expires).UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>A random key for a browser's anti-forgery cookie.</summary>
    public static string NewBrowserKey() => NewToken();

    private static string NewToken() => Jwt.Base64Url(RandomNumberGenerator.GetBytes(32));
}
