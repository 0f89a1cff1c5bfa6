using System.Text.Json.Nodes;
using CognitoLite.Core.Credentials;
using CognitoLite.Core.Tokens;

namespace CognitoLite.Server.OAuth;

/// <summary>
/// Per-pool JWKS and OpenID discovery at the issuer's own paths (spec/tokens.md §3), and cognito-identity's, whose OpenID
/// tokens STS and relying parties verify (AWS serves them at `https://cognito-identity.amazonaws.com/.well-known/jwks_uri`).
/// </summary>
internal static class WellKnownEndpoints
{
    public static void MapWellKnown(this WebApplication app)
    {
        app.MapGet("/cognito-identity/.well-known/jwks_uri", async (OpenIdTokens tokens, CancellationToken ct) =>
            Results.Json(await tokens.Jwks(ct)));

        app.MapGet("/cognito-identity/.well-known/openid-configuration", (Issuer issuer) => Results.Json(new JsonObject
        {
            ["issuer"] = issuer.IdentityService,
            ["jwks_uri"] = $"{issuer.EndpointBase}/cognito-identity/.well-known/jwks_uri",
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));

        app.MapGet("/{userPoolId}/.well-known/jwks.json", async (string userPoolId, TokenService tokens, CancellationToken ct) =>
            Results.Json(await tokens.Jwks(userPoolId, ct)));

        app.MapGet("/{userPoolId}/.well-known/openid-configuration", async (string userPoolId, TokenService tokens, Issuer issuer, CancellationToken ct) =>
        {
            await tokens.Jwks(userPoolId, ct);
            var iss = issuer.For(userPoolId);
            var endpoints = issuer.EndpointBase;
            return Results.Json(new JsonObject
            {
                ["issuer"] = iss,
                ["jwks_uri"] = $"{endpoints}/{userPoolId}/.well-known/jwks.json",
                ["authorization_endpoint"] = $"{endpoints}/oauth2/authorize",
                ["token_endpoint"] = $"{endpoints}/oauth2/token",
                ["userinfo_endpoint"] = $"{endpoints}/oauth2/userInfo",
                ["revocation_endpoint"] = $"{endpoints}/oauth2/revoke",
                ["end_session_endpoint"] = $"{endpoints}/logout",
                ["response_types_supported"] = new JsonArray("code", "token"),
                ["scopes_supported"] = new JsonArray("openid", "email", "phone", "profile"),
                ["subject_types_supported"] = new JsonArray("public"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post"),
                ["grant_types_supported"] = new JsonArray("authorization_code", "implicit", "refresh_token", "client_credentials"),
                ["code_challenge_methods_supported"] = new JsonArray("S256"),
            });
        });
    }
}
