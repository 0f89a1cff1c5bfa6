using CognitoLite.Core.Api;

namespace CognitoLite.Core.Tokens;

/// <summary>The `iss` of a pool's tokens: `{PublicBaseUrl}/{poolId}`, the request's own base URL when
/// PublicBaseUrl is unset, or AWS's form when IssuerStyle is "aws".</summary>
public sealed class Issuer(CognitoOptions options, RequestContext request)
{
    /// <summary>In AWS's form the host names the pool's own region, the prefix of its id.</summary>
    public string For(string userPoolId) => options.IssuerStyle == "aws"
        ? $"https://cognito-idp.{Ids.RegionOf(userPoolId)}.amazonaws.com/{userPoolId}"
        : $"{EndpointBase}/{userPoolId}";

    /// <summary>The `iss` of cognito-identity's OpenID tokens: AWS's own, or `{base}/cognito-identity` on our URL.</summary>
    public string IdentityService => options.IssuerStyle == "aws"
        ? "https://cognito-identity.amazonaws.com"
        : $"{EndpointBase}/cognito-identity";

    /// <summary>Where JWKS and OAuth endpoints are served: always our own URL, even when `iss` is AWS's form.</summary>
    public string EndpointBase => (options.PublicBaseUrl ?? request.BaseUrl).TrimEnd('/');
}
