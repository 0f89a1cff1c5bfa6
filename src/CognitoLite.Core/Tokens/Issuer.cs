namespace CognitoLite.Core.Tokens;

/// <summary>The `iss` of a pool's tokens: `{PublicBaseUrl}/{poolId}`, the request's own base URL when
/// PublicBaseUrl is unset, or AWS's form when IssuerStyle is "aws".</summary>
public sealed class Issuer(CognitoOptions options, RequestContext request)
{
    public string BaseUrl => options.IssuerStyle == "aws"
        ? $"https://cognito-idp.{options.Region}.amazonaws.com"
        : (options.PublicBaseUrl ?? request.BaseUrl).TrimEnd('/');

    public string For(string userPoolId) => $"{BaseUrl}/{userPoolId}";

    /// <summary>The `iss` of cognito-identity's OpenID tokens: AWS's own, or `{base}/cognito-identity` on our URL.</summary>
    public string IdentityService => options.IssuerStyle == "aws"
        ? "https://cognito-identity.amazonaws.com"
        : $"{EndpointBase}/cognito-identity";

    /// <summary>Where JWKS and OAuth endpoints are served: always our own URL, even when `iss` is AWS's form.</summary>
    public string EndpointBase => (options.PublicBaseUrl ?? request.BaseUrl).TrimEnd('/');
}
