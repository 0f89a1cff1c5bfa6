using CognitoLite.Core;

namespace CognitoLite.Server;

/// <summary>`GET /` in a browser or with curl: what this server is and where its endpoints are.</summary>
internal static class HomePage
{
    private const string Endpoints = """
        CognitoLite: Amazon Cognito's wire protocols on one port.

        POST /                          cognito-idp and cognito-identity (AWS JSON 1.1, chosen by X-Amz-Target)
        POST /, GET /?Action=...        STS (AWS Query): AssumeRoleWithWebIdentity, GetCallerIdentity
        GET  /{userPoolId}/.well-known/jwks.json, /{userPoolId}/.well-known/openid-configuration
        GET  /cognito-identity/.well-known/jwks_uri, /cognito-identity/.well-known/openid-configuration
        GET  /oauth2/authorize, /login, /signup, /forgotPassword, /logout   the managed login pages (code + PKCE, implicit)
        POST /oauth2/token, /oauth2/revoke; GET|POST /oauth2/userInfo   OAuth 2.0 (authorization_code, refresh_token, client_credentials)
        POST /_policy/decide            role policy decisions for temporary credentials this server issued
        GET  /{userPoolId}/auth-event-feedback   the one-click feedback links of threat protection's emails
        GET  /health/live, /health/ready
        GET  /metrics                   Prometheus metrics, when on (development mode, or CognitoLite:Metrics:Enabled)
        """;

    private const string DevEndpoints = """
        Development mode:
        POST /_dev/reset[?userPoolId=]  wipe every pool (or one) and apply the seed file again
        GET  /_dev/messages[?userPoolId=&username=]  the codes and messages sent to users
        """;

    private const string Advice = "Give an AWS SDK or the AWS CLI this address as its endpoint URL.";

    public static IResult Show(CognitoOptions options) => Results.Text(
        string.Join("\n\n", options.Production ? new[] { Endpoints, Advice } : new[] { Endpoints, DevEndpoints, Advice }) + "\n",
        "text/plain; charset=utf-8");
}
