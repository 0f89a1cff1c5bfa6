using System.Globalization;
using CognitoLite.Core.Tokens;

namespace CognitoLite.Core.Credentials;

/// <summary>Who a web identity token vouches for, as STS reports it and IAM condition keys name it.</summary>
public sealed record WebIdentity(
    string Provider,
    string Subject,
    string Audience,
    string? IdentityId,
    IReadOnlyList<string> Amr,
    IReadOnlyDictionary<string, string> PrincipalTags)
{
    /// <summary>
    /// The request context keys the identity brings (`{provider}:sub`, `:aud`, `:amr`, `aws:PrincipalTag/...`), for trust
    /// policies and for decisions on the session's credentials.
    /// </summary>
    public Dictionary<string, IReadOnlyList<string>> ConditionKeys()
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{Provider}:sub"] = [Subject],
            [$"{Provider}:aud"] = [Audience],
            ["aws:FederatedProvider"] = [Provider],
        };
        if (Amr.Count > 0) keys[$"{Provider}:amr"] = Amr;
        foreach (var (tag, value) in PrincipalTags) keys["aws:PrincipalTag/" + tag] = [value];
        return keys;
    }
}

/// <summary>
/// The one place a web identity token (AssumeRoleWithWebIdentity's WebIdentityToken) becomes a <see cref="WebIdentity"/>:
/// cognito-identity's own OpenID tokens, or ID tokens of the configured OIDC providers.
/// </summary>
public sealed class WebIdentities(OpenIdTokens openIdTokens, OidcProviders oidcProviders, TimeProvider clock)
{
    public async Task<WebIdentity> Verify(string token, CancellationToken ct)
    {
        if (Jwt.Parse(token) is null)
            throw Errors.InvalidIdentityToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
        var read = await openIdTokens.Validate(token, ct);
        if (read is null) return await FromOidcProvider(token, ct);
        if (read.Expired)
            throw Errors.ExpiredWebIdentityToken(string.Create(CultureInfo.InvariantCulture,
                $"Token expired: current date/time {clock.GetUtcNow().ToUnixTimeSeconds()} must be before the expiration date/time {read.ExpiresAt.ToUnixTimeSeconds()}"));
        return new WebIdentity(OpenIdTokens.Provider, read.IdentityId, read.IdentityPoolId, read.IdentityId, read.Amr, read.PrincipalTags);
    }

    /// <summary>AWS reports an OIDC provider by its issuer without the scheme, and IAM names its condition keys so.</summary>
    private async Task<WebIdentity> FromOidcProvider(string token, CancellationToken ct)
    {
        OidcIdentity identity;
        try
        {
            identity = await oidcProviders.Verify(token, ct);
        }
        catch (WebIdentityTokenException e)
        {
            throw e.Failure switch
            {
                WebIdentityFailure.Expired => Errors.ExpiredWebIdentityToken(e.Message),
                WebIdentityFailure.ProviderUnreachable => Errors.IdpCommunicationError(e.Message),
                _ => Errors.InvalidIdentityToken(e.Message),
            };
        }
        var audience = identity.Audiences.FirstOrDefault(identity.Provider.ClientIds.Contains) ?? identity.Audiences[0];
        return new WebIdentity(identity.Provider.LoginKey, identity.Subject, audience, null, [], new Dictionary<string, string>());
    }
}
