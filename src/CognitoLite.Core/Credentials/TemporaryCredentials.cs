using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Credentials;

/// <summary>Temporary AWS credentials as a caller receives them.</summary>
public sealed record IssuedCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTime Expiration);

/// <summary>What a set of temporary credentials stands for: the assumed role and the web identity behind it.</summary>
public sealed record CredentialSession
{
    public required string RoleArn { get; init; }
    public required string RoleSessionName { get; init; }
    public required string Provider { get; init; }
    public required string Subject { get; init; }
    public string? Audience { get; init; }
    public string? IdentityId { get; init; }
    public IReadOnlyList<string> Amr { get; init; } = [];
    public IReadOnlyDictionary<string, string> PrincipalTags { get; init; } = new Dictionary<string, string>();
    public string? SessionPolicy { get; init; }
    public required TimeSpan Duration { get; init; }
}

/// <summary>
/// The one issuer of temporary credentials (cognito-identity's enhanced flow and STS). Keys look like AWS's (`ASIA` + 16),
/// the secret is kept encrypted because SigV4 verification needs it back, the session token only as a hash.
/// </summary>
public sealed class TemporaryCredentials(CognitoDbContext db, SecretProtector secrets, TimeProvider clock)
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public async Task<IssuedCredentials> Issue(CredentialSession session, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var accessKeyId = "ASIA" + RandomNumberGenerator.GetString(KeyAlphabet, 16);
        var secret = RandomNumberGenerator.GetString(SecretAlphabet, 40);
        var sessionToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(96));
        var expiration = now + session.Duration;
        db.IssuedCredentials.Add(new IssuedCredential
        {
            AccessKeyId = accessKeyId,
            SecretKeyCipher = secrets.Protect(secret),
            SessionTokenHash = HashSessionToken(sessionToken),
            RoleArn = session.RoleArn,
            RoleSessionName = session.RoleSessionName,
            Provider = session.Provider,
            Subject = session.Subject,
            Audience = session.Audience,
            IdentityId = session.IdentityId,
            Amr = [.. session.Amr],
            PrincipalTags = new Dictionary<string, string>(session.PrincipalTags),
            SessionPolicy = session.SessionPolicy,
            CreatedAt = now,
            ExpiresAt = expiration,
        });
        await db.SaveChangesAsync(ct);
        return new IssuedCredentials(accessKeyId, secret, sessionToken, expiration);
    }

    public static string HashSessionToken(string sessionToken) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionToken)));
}
