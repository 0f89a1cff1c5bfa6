using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Tokens;

namespace CognitoLite.Core.Credentials;

/// <summary>An ID token of a configured OIDC provider after every check: who issued it, about whom, for whom.</summary>
public sealed record OidcIdentity(OidcProviderOptions Provider, string Issuer, string Subject, IReadOnlyList<string> Audiences, JsonObject Claims);

public enum WebIdentityFailure
{
    /// <summary>Malformed, unsigned, wrongly signed, from an unknown issuer, or missing a claim.</summary>
    Invalid,
    Expired,
    /// <summary>The provider's keys could not be fetched.</summary>
    ProviderUnreachable,
}

/// <summary>Why a web identity token was refused; the caller words it in its own protocol (cognito-identity or STS).</summary>
public sealed class WebIdentityTokenException(WebIdentityFailure failure, string reason) : Exception(reason)
{
    public WebIdentityFailure Failure { get; } = failure;
}

/// <summary>
/// Verifies ID tokens of the external OIDC providers configured in CognitoOptions.OidcProviders: signature against the
/// provider's JWKS (a file read once, or a URL fetched and cached for an hour, refetched when an unknown kid shows up),
/// issuer, expiry and the presence of sub and aud. Used by identity pools' logins and by STS AssumeRoleWithWebIdentity.
/// </summary>
public sealed class OidcProviders(CognitoOptions options, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);
    private static readonly TimeSpan RefetchAtMostEvery = TimeSpan.FromMinutes(1);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private sealed record KeySet(Dictionary<string, RSA> Keys, DateTimeOffset FetchedAt);

    private readonly ConcurrentDictionary<string, KeySet> _keys = new(StringComparer.Ordinal);

    /// <summary>The configured provider with this login key (issuer without scheme), or null.</summary>
    public OidcProviderOptions? ByLoginKey(string loginKey) =>
        options.OidcProviders.FirstOrDefault(p => p.LoginKey == loginKey);

    /// <summary>The token's verified identity, or a <see cref="WebIdentityTokenException"/> saying why not.</summary>
    public async Task<OidcIdentity> Verify(string token, CancellationToken ct)
    {
        if (Jwt.Parse(token) is not var (header, claims, signingInput, signature))
            throw Invalid(Errors.NotAnIdentityToken);
        var iss = Jwks.Text(claims, "iss") ?? throw Invalid(Errors.MissingClaim("iss"));
        var provider = options.OidcProviders.FirstOrDefault(p => p.Issuer.TrimEnd('/') == iss.TrimEnd('/'))
            ?? throw Invalid("Token is not from a configured OpenID Connect provider.");
        var hash = Jwks.Text(header, "alg") switch
        {
            "RS256" => HashAlgorithmName.SHA256,
            "RS384" => HashAlgorithmName.SHA384,
            "RS512" => HashAlgorithmName.SHA512,
            _ => throw Invalid(Errors.TokenNotVerified),
        };
        var rsa = await Key(provider, Jwks.Text(header, "kid") ?? "", ct) ?? throw Invalid(Errors.TokenNotVerified);
        if (signature.Length == 0 || !rsa.VerifyData(signingInput, signature, hash, RSASignaturePadding.Pkcs1))
            throw Invalid(Errors.TokenNotVerified);

        if (claims["exp"] is not JsonValue expValue || !expValue.TryGetValue<long>(out var exp)) throw Invalid(Errors.MissingClaim("exp"));
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (exp <= now) throw new WebIdentityTokenException(WebIdentityFailure.Expired, Errors.TokenExpired(exp, now));
        if (claims["nbf"] is JsonValue nbfValue && nbfValue.TryGetValue<long>(out var nbf) && nbf > now + 300) throw Invalid("Token is not valid yet.");
        var sub = Jwks.Text(claims, "sub") ?? throw Invalid(Errors.MissingClaim("sub"));
        var audiences = claims["aud"] switch
        {
            JsonArray array => array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => (string)v!).ToList(),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => [(string)value!],
            _ => [],
        };
        if (audiences.Count == 0) throw Invalid(Errors.MissingClaim("aud"));
        if (provider.ClientIds.Count > 0 && !audiences.Any(provider.ClientIds.Contains)) throw Invalid(Errors.WrongTokenAudience);
        return new OidcIdentity(provider, iss, sub, audiences, claims);
    }

    private static WebIdentityTokenException Invalid(string reason) => new(WebIdentityFailure.Invalid, reason);

    private async Task<RSA?> Key(OidcProviderOptions provider, string kid, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        _keys.TryGetValue(provider.Issuer, out var set);
        var stale = set is null || (provider.JwksUrl is not null && now - set.FetchedAt > CacheFor);
        var unknownKid = set is not null && !set.Keys.ContainsKey(kid) && provider.JwksUrl is not null && now - set.FetchedAt > RefetchAtMostEvery;
        if (stale || unknownKid)
        {
            set = new KeySet(await Load(provider, ct), now);
            _keys[provider.Issuer] = set;
        }
        return set!.Keys.GetValueOrDefault(kid) ?? (kid.Length == 0 && set.Keys.Count == 1 ? set.Keys.Values.Single() : null);
    }

    private static async Task<Dictionary<string, RSA>> Load(OidcProviderOptions provider, CancellationToken ct)
    {
        if (provider.JwksFile is not null) return Jwks.Parse(await File.ReadAllTextAsync(provider.JwksFile, ct));
        try
        {
            return Jwks.Parse(await Http.GetStringAsync(provider.JwksUrl, ct));
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            throw new WebIdentityTokenException(WebIdentityFailure.ProviderUnreachable, $"Couldn't fetch the keys of {provider.Issuer}: {e.Message}");
        }
    }
}
