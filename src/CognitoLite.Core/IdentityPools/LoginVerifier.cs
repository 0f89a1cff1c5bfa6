using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CognitoLite.Core.Credentials;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.IdentityPools;

/// <summary>One entry of a Logins map after its token was checked.</summary>
public sealed record VerifiedLogin
{
    /// <summary>The provider name identities are linked under (user pools always in AWS's `cognito-idp.…/poolId` form).</summary>
    public required string ProviderName { get; init; }
    public required string Subject { get; init; }
    /// <summary>For cognito-identity's own tokens: the identity the token speaks for.</summary>
    public string? IdentityId { get; init; }
    /// <summary>The RoleMappings key that applies (`provider:clientId` for user pools).</summary>
    public required string RoleMappingKey { get; init; }
    /// <summary>What this login adds to the credentials' `amr` after "authenticated".</summary>
    public required IReadOnlyList<string> Amr { get; init; }
    public required JsonObject Claims { get; init; }
    /// <summary>Principal tags a cognito-identity OpenID token already carries (GetOpenIdTokenForDeveloperIdentity's).</summary>
    public IReadOnlyDictionary<string, string>? PrincipalTags { get; init; }
}

/// <summary>
/// Checks the tokens of a Logins map against an identity pool's configured providers (spec/identity-pools.md §3): ID tokens
/// of our user pools (signature, issuer, audience among the pool's client ids, expiry, revocation with ServerSideTokenCheck),
/// ID tokens of configured OIDC providers, and cognito-identity's own OpenID tokens (developer-authenticated identities).
/// Every refusal is NotAuthorizedException, worded as AWS words it.
/// </summary>
public sealed partial class LoginVerifier(CognitoDbContext db, SigningKeys keys, OpenIdTokens openIdTokens, OidcProviders oidc, TimeProvider clock)
{
    public const string NotSupported = "Token is not from a supported provider of this identity pool.";

    public async Task<List<VerifiedLogin>> VerifyAll(IdentityPool pool, IReadOnlyDictionary<string, string>? logins, CancellationToken ct)
    {
        var verified = new List<VerifiedLogin>();
        foreach (var (key, token) in logins ?? new Dictionary<string, string>())
            verified.Add(await Verify(pool, key, token, ct));
        return verified;
    }

    public async Task<VerifiedLogin> Verify(IdentityPool pool, string key, string token, CancellationToken ct)
    {
        if (key == OpenIdTokens.Provider) return await VerifyOpenIdToken(pool, token, ct);
        if (UserPoolProviderName(key) is { } providerName &&
            ConfiguredUserPools(pool.Settings).Where(p => p.Name == providerName).ToList() is { Count: > 0 } configured)
            return await VerifyUserPoolToken(key, providerName, configured, token, ct);
        if (IsExternalProvider(pool.Settings, key)) return await VerifyOidcToken(pool.Settings, key, token, ct);
        throw Errors.NotAuthorized(NotSupported);
    }

    /// <summary>
    /// AWS's provider name for a user-pool login key: `cognito-idp.&lt;region&gt;.amazonaws.com/&lt;poolId&gt;` as given, or our own
    /// issuer without its scheme (`localhost:9229/&lt;poolId&gt;`), as an app derives it from `iss`; null when the key names no user pool.
    /// </summary>
    public static string? UserPoolProviderName(string key)
    {
        var match = UserPoolKey().Match(key);
        if (!match.Success) return null;
        var poolId = match.Groups["pool"].Value;
        return $"cognito-idp.{poolId[..poolId.IndexOf('_', StringComparison.Ordinal)]}.amazonaws.com/{poolId}";
    }

    /// <summary>The pool's CognitoIdentityProviders with their names in AWS's form.</summary>
    public static IEnumerable<(string Name, string? ClientId, bool ServerSideTokenCheck)> ConfiguredUserPools(StoredIdentityPoolSettings settings) =>
        (settings.CognitoIdentityProviders ?? [])
            .Select(p => (Name: UserPoolProviderName(p.ProviderName ?? "") ?? p.ProviderName ?? "", p.ClientId, p.ServerSideTokenCheck == true));

    /// <summary>An OIDC provider of the pool: a SupportedLoginProviders key or the host/path of one of its OpenIdConnectProviderARNs.</summary>
    public static bool IsExternalProvider(StoredIdentityPoolSettings settings, string key) =>
        settings.SupportedLoginProviders?.ContainsKey(key) == true || (settings.OpenIdConnectProviderARNs ?? []).Any(arn => OidcHost(arn) == key);

    /// <summary>`arn:aws:iam::123456789012:oidc-provider/login.example.com` → `login.example.com`.</summary>
    public static string? OidcHost(string arn)
    {
        var at = arn.IndexOf(":oidc-provider/", StringComparison.Ordinal);
        return arn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) && at > 0 ? arn[(at + ":oidc-provider/".Length)..] : null;
    }

    private async Task<VerifiedLogin> VerifyUserPoolToken(string key, string providerName, List<(string Name, string? ClientId, bool ServerSideTokenCheck)> configured,
        string token, CancellationToken ct)
    {
        if (Jwt.Parse(token) is not var (header, claims, signingInput, signature)) throw Invalid(Errors.NotAnIdentityToken);
        var userPoolId = providerName[(providerName.LastIndexOf('/') + 1)..];
        var poolKey = Jwks.Text(header, "alg") == "RS256" && Jwks.Text(header, "kid") is { } kid ? await keys.ByKid(kid, ct) : null;
        if (poolKey is null || poolKey.UserPoolId != userPoolId || !Jwt.Verify(poolKey.Rsa, signingInput, signature))
            throw Invalid(Errors.TokenNotVerified);

        // Our tokens' `iss` is our own URL unless IssuerStyle is "aws": an AWS-form key accepts either, a key in our form must be the issuer.
        var iss = Jwks.Text(claims, "iss") ?? throw Invalid(Errors.MissingClaim("iss"));
        var keyIsAwsForm = key == providerName;
        if (!iss.EndsWith("/" + userPoolId, StringComparison.Ordinal) || (!keyIsAwsForm && iss != "https://" + key && iss != "http://" + key))
            throw Invalid(Errors.IssuerNotProviderName);
        var aud = Jwks.Text(claims, "aud") ?? throw Invalid(Errors.MissingClaim("aud"));
        if (Jwks.Text(claims, "token_use") != "id") throw Invalid(Errors.NotAnIdentityToken);
        if (claims["exp"] is not JsonValue expValue || !expValue.TryGetValue<long>(out var exp)) throw Invalid(Errors.MissingClaim("exp"));
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (exp <= now) throw Invalid(Errors.TokenExpired(exp, now));
        var sub = Jwks.Text(claims, "sub") ?? throw Invalid(Errors.MissingClaim("sub"));

        var provider = configured.FirstOrDefault(p => p.ClientId == aud);
        if (provider.Name is null) throw Errors.NotAuthorized(NotSupported);
        if (provider.ServerSideTokenCheck) await CheckNotRevoked(userPoolId, claims, sub, ct);
        return new VerifiedLogin
        {
            ProviderName = providerName,
            Subject = sub,
            RoleMappingKey = $"{providerName}:{aud}",
            Amr = [providerName, $"{providerName}:CognitoSignIn:{sub}"],
            Claims = claims,
        };
    }

    /// <summary>ServerSideTokenCheck: the user still exists and is enabled, and the sign-in the token came from was not revoked.</summary>
    private async Task CheckNotRevoked(string userPoolId, JsonObject claims, string sub, CancellationToken ct)
    {
        var revoked = !Guid.TryParse(Jwks.Text(claims, "origin_jti"), out var origin) || !Guid.TryParse(sub, out var subject) ||
            !await db.RefreshTokens.AnyAsync(t => t.OriginJti == origin && t.UserPoolId == userPoolId && t.RevokedAt == null, ct) ||
            !await db.Users.AnyAsync(u => u.UserPoolId == userPoolId && u.Sub == subject && u.Enabled, ct);
        if (revoked) throw Invalid("Token has been revoked.");
    }

    private async Task<VerifiedLogin> VerifyOidcToken(StoredIdentityPoolSettings settings, string key, string token, CancellationToken ct)
    {
        if (oidc.ByLoginKey(key) is null) throw Invalid($"No keys are configured for provider {key} (CognitoLite:OidcProviders).");
        OidcIdentity identity;
        try
        {
            identity = await oidc.Verify(token, ct);
        }
        catch (WebIdentityTokenException refused)
        {
            throw refused.Failure == WebIdentityFailure.ProviderUnreachable ? Errors.ExternalService(refused.Message) : Invalid(refused.Message);
        }
        if (identity.Provider.LoginKey != key) throw Invalid(Errors.IssuerNotProviderName);
        // SupportedLoginProviders holds the app's client id(s) at that provider, comma-separated when several.
        if (settings.SupportedLoginProviders?.TryGetValue(key, out var clientIds) == true &&
            !identity.Audiences.Any(clientIds.Split(',', StringSplitOptions.TrimEntries).Contains))
            throw Invalid(Errors.WrongTokenAudience);
        return new VerifiedLogin
        {
            ProviderName = key,
            Subject = identity.Subject,
            RoleMappingKey = key,
            Amr = [key, $"{key}:{identity.Audiences[0]}:{identity.Subject}"],
            Claims = identity.Claims,
        };
    }

    private async Task<VerifiedLogin> VerifyOpenIdToken(IdentityPool pool, string token, CancellationToken ct)
    {
        var read = await openIdTokens.Validate(token, ct) ?? throw Invalid(Errors.TokenNotVerified);
        if (read.Expired) throw Invalid($"Token expired: {read.ExpiresAt.ToUnixTimeSeconds()} >= {clock.GetUtcNow().ToUnixTimeSeconds()}");
        if (read.IdentityPoolId != pool.Id) throw Invalid(Errors.WrongTokenAudience);
        return new VerifiedLogin
        {
            ProviderName = OpenIdTokens.Provider,
            Subject = read.IdentityId,
            IdentityId = read.IdentityId,
            RoleMappingKey = OpenIdTokens.Provider,
            Amr = read.Amr.Where(a => a is not ("authenticated" or "unauthenticated")).ToList(),
            Claims = new JsonObject(),
            PrincipalTags = read.PrincipalTags,
        };
    }

    private static CognitoException Invalid(string reason) => Errors.NotAuthorized("Invalid login token. " + reason);

    [GeneratedRegex(@"^(?:cognito-idp\.[a-z0-9-]+\.amazonaws\.com|[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[\w.~-]+)*)/(?<pool>[\w-]+_[0-9a-zA-Z]+)$")]
    private static partial Regex UserPoolKey();
}
