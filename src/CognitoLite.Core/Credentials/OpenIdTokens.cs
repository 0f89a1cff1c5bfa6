using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Credentials;

/// <summary>What a valid cognito-identity OpenID token says (spec/identity-pools.md §4).</summary>
public sealed record OpenIdToken(
    string IdentityId,
    string IdentityPoolId,
    IReadOnlyList<string> Amr,
    IReadOnlyDictionary<string, string> PrincipalTags,
    DateTimeOffset ExpiresAt,
    bool Expired);

/// <summary>
/// cognito-identity's OpenID tokens (GetOpenIdToken, GetOpenIdTokenForDeveloperIdentity, and the ones the enhanced flow
/// uses internally): `sub` = IdentityId, `aud` = IdentityPoolId, `amr`, principal tags; signed with the service's own RSA key,
/// published at `{issuer}/.well-known/jwks_uri` so that STS and relying parties can check them.
/// </summary>
public sealed class OpenIdTokens(CognitoDbContext db, SecretProtector secrets, IdentityKeyCache cache, Issuer issuer, TimeProvider clock)
{
    /// <summary>The provider name STS reports and IAM policy keys use (`cognito-identity.amazonaws.com:sub`).</summary>
    public const string Provider = "cognito-identity.amazonaws.com";
    private const string TagsClaim = "https://aws.amazon.com/tags";

    public async Task<string> Mint(string identityId, string identityPoolId, IReadOnlyList<string> amr,
        IReadOnlyDictionary<string, string>? principalTags, TimeSpan lifetime, CancellationToken ct)
    {
        var (kid, rsa) = await Key(ct);
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["sub"] = identityId,
            ["aud"] = identityPoolId,
            ["amr"] = new JsonArray(amr.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
            ["iss"] = issuer.IdentityService,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            ["iat"] = now,
        };
        if (principalTags is { Count: > 0 })
        {
            var tags = new JsonObject();
            foreach (var (name, value) in principalTags) tags[name] = new JsonArray(value);
            claims[TagsClaim] = new JsonObject { ["principal_tags"] = tags };
        }
        return Jwt.Sign(kid, rsa, claims);
    }

    /// <summary>The token's claims if we signed it (an expired one says so); null for anything else.</summary>
    public async Task<OpenIdToken?> Validate(string token, CancellationToken ct)
    {
        if (Jwt.Parse(token) is not var (header, claims, signingInput, signature)) return null;
        if (Text(header, "alg") != "RS256" || Text(header, "kid") is not { } kid) return null;
        var rsa = await ByKid(kid, ct);
        if (rsa is null || !Jwt.Verify(rsa, signingInput, signature)) return null;

        var iss = Text(claims, "iss");
        if (iss is null || !(iss == "https://cognito-identity.amazonaws.com" || iss.EndsWith("/cognito-identity", StringComparison.Ordinal))) return null;
        if (Text(claims, "sub") is not { } sub || Text(claims, "aud") is not { } aud) return null;
        if (claims["exp"] is not JsonValue expValue || !expValue.TryGetValue<long>(out var exp)) return null;
        var amr = claims["amr"] is JsonArray array ? array.Select(a => a?.GetValueKind() == JsonValueKind.String ? (string)a! : null).OfType<string>().ToList() : [];
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (claims[TagsClaim]?["principal_tags"] is JsonObject tagObject)
            foreach (var (name, value) in tagObject)
                if (value is JsonArray { Count: > 0 } values && values[0]?.GetValueKind() == JsonValueKind.String) tags[name] = (string)values[0]!;

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        return new OpenIdToken(sub, aud, amr, tags, expiresAt, expiresAt <= clock.GetUtcNow());
    }

    public async Task<JsonObject> Jwks(CancellationToken ct)
    {
        var (kid, rsa) = await Key(ct);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["alg"] = "RS256",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = Jwt.Base64Url(parameters.Modulus),
                ["e"] = Jwt.Base64Url(parameters.Exponent),
            }),
        };
    }

    /// <summary>The service's signing key, made on first use; the oldest one signs when replicas raced to make one.</summary>
    private async Task<IdentityKey> Key(CancellationToken ct)
    {
        if (cache.Current is { } current) return current;
        var stored = await db.IdentitySigningKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Kid).FirstOrDefaultAsync(ct);
        if (stored is null)
        {
            using var rsa = RSA.Create(2048);
            stored = new IdentitySigningKey
            {
                Kid = Convert.ToBase64String(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())),
                PrivateKeyCipher = secrets.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.IdentitySigningKeys.Add(stored);
            await db.SaveChangesAsync(ct);
        }
        var key = new IdentityKey(stored.Kid, Remember(stored));
        cache.Current = key;
        return key;
    }

    private async Task<RSA?> ByKid(string kid, CancellationToken ct)
    {
        if (cache.ByKid.TryGetValue(kid, out var rsa)) return rsa;
        var stored = await db.IdentitySigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Kid == kid, ct);
        return stored is null ? null : Remember(stored);
    }

    private RSA Remember(IdentitySigningKey stored) => cache.ByKid.GetOrAdd(stored.Kid, kid =>
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(secrets.Unprotect(stored.PrivateKeyCipher)), out _);
        return rsa;
    });

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? (string)value! : null;
}

internal sealed record IdentityKey(string Kid, RSA Rsa);

/// <summary>Process-wide cache of cognito-identity's decrypted keys (they never change once made).</summary>
public sealed class IdentityKeyCache
{
    internal ConcurrentDictionary<string, RSA> ByKid { get; } = new(StringComparer.Ordinal);
    internal IdentityKey? Current { get; set; }
}
