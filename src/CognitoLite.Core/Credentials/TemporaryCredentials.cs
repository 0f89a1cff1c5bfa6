using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

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

/// <summary>Who signed a request: a session of temporary credentials we issued, or (Session null) an account key.</summary>
public sealed record SignedCaller(string AccessKeyId, IssuedCredential? Session);

/// <summary>
/// The one issuer of temporary credentials (cognito-identity's enhanced flow and STS). Keys look like AWS's (`ASIA` + 16),
/// the secret is kept encrypted because SigV4 verification needs it back, the session token only as a hash.
/// </summary>
public sealed class TemporaryCredentials(CognitoDbContext db, SecretProtector secrets, CognitoOptions options, TimeProvider clock)
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
            SessionTokenHash = SecretProtector.HashToken(sessionToken),
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

    /// <summary>
    /// Verifies a SigV4 signature made with credentials we issued (`ASIA…` with X-Amz-Security-Token) or with a configured
    /// admin key pair. Errors use the JSON services' names (Errors.InQueryProtocol renames them for STS): unknown key or
    /// wrong session token UnrecognizedClientException, expired session ExpiredTokenException, bad signature
    /// InvalidSignatureException. In development mode any other access key passes unverified, as the account's root, as
    /// admin calls do there.
    /// </summary>
    public async Task<SignedCaller> Authenticate(SignedRequest request, string service, CancellationToken ct)
    {
        IssuedCredential? session = null;
        string? unknownKey = null;
        try
        {
            var caller = await SigV4Verifier.Verify(request, service, async (accessKeyId, token) =>
            {
                if (!accessKeyId.StartsWith("ASIA", StringComparison.Ordinal))
                {
                    var admin = options.AdminCredentials.FirstOrDefault(c => c.AccessKeyId == accessKeyId)?.SecretAccessKey;
                    if (admin is null) unknownKey = accessKeyId;
                    return admin;
                }
                session = await Find(accessKeyId, SecurityToken(request), token);
                return session is null ? null : secrets.Unprotect(session.SecretKeyCipher);
            }, clock.GetUtcNow(), options.SignatureClockSkew, ct);
            return new SignedCaller(caller.AccessKeyId, session);
        }
        catch (CognitoException unrecognized) when (unrecognized.Type == "UnrecognizedClientException" && unknownKey is not null && !options.Production)
        {
            return new SignedCaller(unknownKey, null);
        }
    }

    /// <summary>The issued credential the key and session token name; null if unknown or the token is not its own.</summary>
    private async Task<IssuedCredential?> Find(string accessKeyId, string? sessionToken, CancellationToken ct)
    {
        var credential = await db.IssuedCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.AccessKeyId == accessKeyId, ct);
        if (credential is null || sessionToken is null) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SecretProtector.HashToken(sessionToken)), Encoding.ASCII.GetBytes(credential.SessionTokenHash)))
            return null;
        if (credential.ExpiresAt <= clock.GetUtcNow().UtcDateTime) throw Errors.ExpiredToken();
        return credential;
    }

    private static string? SecurityToken(SignedRequest request) =>
        request.Headers.FirstOrDefault(h => string.Equals(h.Key, "x-amz-security-token", StringComparison.OrdinalIgnoreCase)).Value;
}
