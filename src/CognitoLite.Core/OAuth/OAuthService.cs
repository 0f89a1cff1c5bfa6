using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.OAuth;

/// <summary>A /oauth2/token request, its form and client authentication (Basic header or form) already read.</summary>
public sealed record OAuthTokenRequest(string? GrantType, string? ClientId, string? ClientSecret, string? Scope, string? RefreshToken,
    string? Code = null, string? RedirectUri = null, string? CodeVerifier = null, string? DeviceKey = null);

/// <summary>The token endpoint's answer; members left null are not sent.</summary>
public sealed record OAuthTokenResponse(string? IdToken, string AccessToken, string? RefreshToken, int ExpiresIn, string TokenType = "Bearer");

/// <summary>
/// The machine-facing OAuth 2.0 endpoints (spec/tokens.md §5), free of HTTP: the token grants, userInfo and revocation.
/// Errors are RFC 6749 / 6750 codes.
/// </summary>
public sealed class OAuthService(CognitoDbContext db, UserDirectory directory, TokenService tokens, TimeProvider clock)
{
    private const int MaxParameter = 4096;

    /// <summary>Scopes of OIDC and Cognito itself: every other allowed scope is a resource server's (custom) scope.</summary>
    private static readonly string[] ReservedScopes = ["openid", "email", "phone", "profile", TokenService.AdminScope];

    private static readonly string[] ProfileAttributes =
        ["name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website",
         "gender", "birthdate", "zoneinfo", "locale", "updated_at", "address"];

    public async Task<OAuthTokenResponse> Token(OAuthTokenRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.GrantType)) throw Errors.OAuthInvalidRequest("grant_type is required.");
        if (request.GrantType is not ("client_credentials" or "refresh_token" or "authorization_code"))
            throw Errors.OAuthUnsupportedGrantType($"grant_type {Shown(request.GrantType)} is not supported.");
        var (pool, client) = await Authenticate(request.ClientId, request.ClientSecret, ct);
        return request.GrantType switch
        {
            "client_credentials" => await ClientCredentials(pool, client, request.Scope, ct),
            "refresh_token" => await Refresh(pool, client, request.RefreshToken, request.DeviceKey, ct),
            _ => await AuthorizationCode(pool, client, request, ct),
        };
    }

    /// <summary>
    /// A code from /oauth2/authorize, redeemed once (deleting it is the redemption, so of two racing requests one wins), by
    /// its client, within its five minutes, with the same redirect_uri and the PKCE verifier of its challenge.
    /// </summary>
    private async Task<OAuthTokenResponse> AuthorizationCode(UserPool pool, AppClient client, OAuthTokenRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.Code)) throw Errors.OAuthInvalidRequest("code is required.");
        if (string.IsNullOrEmpty(request.RedirectUri)) throw Errors.OAuthInvalidRequest("redirect_uri is required.");
        var invalid = Errors.OAuthInvalidGrant("The authorization code is invalid or has expired.");
        if (request.Code.Length > 128) throw invalid;
        var hash = SecretProtector.HashToken(request.Code);
        var code = await db.AuthorizationCodes.AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == hash, ct);
        if (code is null || await db.AuthorizationCodes.Where(c => c.CodeHash == hash).ExecuteDeleteAsync(ct) == 0) throw invalid;
        if (code.ClientId != client.Id || code.ExpiresAt <= clock.GetUtcNow().UtcDateTime) throw invalid;
        if (code.RedirectUri != request.RedirectUri) throw Errors.OAuthInvalidGrant("redirect_uri does not match the authorization request.");
        if (code.CodeChallenge is not null)
        {
            var verifier = request.CodeVerifier;
            if (string.IsNullOrEmpty(verifier)) throw Errors.OAuthInvalidRequest("code_verifier is required.");
            var computed = Encoding.ASCII.GetBytes(Jwt.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
            if (verifier.Length is < 43 or > 128 || !CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(code.CodeChallenge)))
                throw Errors.OAuthInvalidGrant("code_verifier does not match the code_challenge.");
        }
        else if (!string.IsNullOrEmpty(request.CodeVerifier))
        {
            // A verifier for a code issued without a challenge is a PKCE downgrade (RFC 9700 §2.1.1): refused.
            throw Errors.OAuthInvalidGrant("code_verifier was given but the authorization request had no code_challenge.");
        }
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == code.UserId, ct) ?? throw invalid;
        if (!user.Enabled) throw Errors.OAuthInvalidGrant("User is disabled.");
        var scopes = code.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = await tokens.SignIn(pool, client, user, ct, new OAuthGrant(scopes, code.Nonce, code.AuthTime, "authorization_code"));
        return new OAuthTokenResponse(result.IdToken, result.AccessToken, result.RefreshToken, result.ExpiresIn);
    }

    /// <summary>RFC 7009 revocation of a refresh token's family, as RevokeToken does.</summary>
    public async Task Revoke(string? clientId, string? clientSecret, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token)) throw Errors.OAuthInvalidRequest("token is required.");
        var (_, client) = await Authenticate(clientId, clientSecret, ct);
        if (client.Settings.EnableTokenRevocation == false)
            throw Errors.OAuthInvalidRequest("Token revocation is not enabled for this app client.");
        try
        {
            await tokens.Revoke(client, token, ct);
        }
        catch (CognitoException error) when (error.Type == "UnsupportedTokenTypeException")
        {
            throw Errors.OAuthUnsupportedTokenType(error.Message);
        }
        catch (CognitoException error) when (error.Type == "NotAuthorizedException")
        {
            // RFC 7009 §2.2: a token the server does not know (or another client's) is answered as revoked.
        }
    }

    /// <summary>The user's attributes that the access token's scopes allow (sub and username always), as stored strings.</summary>
    public async Task<JsonObject> UserInfo(string? accessToken, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(accessToken) || accessToken.Length > MaxParameter) throw Errors.OAuthInvalidToken("Access token is missing or malformed.");
        AccessTokenClaims claims;
        UserPool pool;
        AppClient client;
        try
        {
            // The openid scope must be in the token: the self-service tokens of InitiateAuth are not accepted (AWS's userInfo docs).
            claims = await tokens.ValidateAccessToken(accessToken, tracked: false, ct, "openid");
            (pool, client) = await directory.Client(claims.ClientId, ct);
        }
        catch (CognitoException error)
        {
            throw Errors.OAuthInvalidToken(error.Message);
        }
        var info = new JsonObject { ["sub"] = claims.User.Sub.ToString() };
        foreach (var (name, value) in TokenService.ReadableAttributes(pool, client, claims.User).Where(a => AllowedBy(claims.Scopes, a.Key)))
            info[name] = value;
        info["username"] = claims.User.Username;
        return info;
    }

    /// <summary>openid alone: every readable attribute; with profile, email or phone: those groups (custom attributes go with profile).</summary>
    private static bool AllowedBy(IReadOnlyList<string> scopes, string attribute)
    {
        var profile = scopes.Contains("profile");
        var email = scopes.Contains("email");
        var phone = scopes.Contains("phone");
        if (!profile && !email && !phone) return true;
        return attribute switch
        {
            "email" or "email_verified" => email,
            "phone_number" or "phone_number_verified" => phone,
            _ => profile && (ProfileAttributes.Contains(attribute) || attribute.StartsWith("custom:", StringComparison.Ordinal)),
        };
    }

    private async Task<OAuthTokenResponse> ClientCredentials(UserPool pool, AppClient client, string? scope, CancellationToken ct)
    {
        var settings = client.Settings;
        if (client.Secrets.Count == 0 || settings.AllowedOAuthFlowsUserPoolClient != true || settings.AllowedOAuthFlows?.Contains("client_credentials") != true)
            throw Errors.OAuthUnauthorizedClient("The client is not allowed the client_credentials grant.");
        var custom = (settings.AllowedOAuthScopes ?? []).Where(s => !ReservedScopes.Contains(s)).ToList();
        var requested = scope is null ? custom : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (requested.Count == 0 || requested.Any(s => !custom.Contains(s)))
            throw Errors.OAuthInvalidScope("The requested scope is not allowed for this client.");
        var (accessToken, expiresIn) = await tokens.ClientCredentials(pool, client, requested, ct);
        return new OAuthTokenResponse(null, accessToken, null, expiresIn);
    }

    /// <summary>The refresh_token grant; a refresh token issued on a device needs its device_key, as REFRESH_TOKEN_AUTH needs DEVICE_KEY.</summary>
    private async Task<OAuthTokenResponse> Refresh(UserPool pool, AppClient client, string? refreshToken, string? deviceKey, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(refreshToken)) throw Errors.OAuthInvalidRequest("refresh_token is required.");
        if (refreshToken.Length > MaxParameter) throw Errors.OAuthInvalidGrant("Invalid Refresh Token");
        try
        {
            var result = await tokens.Refresh(pool, client, refreshToken, user =>
            {
                if (!user.Enabled) throw Errors.UserDisabled();
            }, ct, deviceKey: deviceKey);
            return new OAuthTokenResponse(result.IdToken, result.AccessToken, result.RefreshToken, result.ExpiresIn);
        }
        catch (CognitoException error)
        {
            throw Errors.OAuthInvalidGrant(error.Message);
        }
    }

    /// <summary>The client, authenticated: a confidential client by one of its secrets (constant time), a public one by its id.</summary>
    private async Task<(UserPool Pool, AppClient Client)> Authenticate(string? clientId, string? clientSecret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(clientId)) throw Errors.OAuthInvalidRequest("client_id is required.");
        if (clientId.Length > 128 || clientSecret?.Length > MaxParameter) throw Errors.OAuthInvalidClient();
        (UserPool, AppClient) found;
        try
        {
            found = await directory.Client(clientId, ct);
        }
        catch (CognitoException error) when (error.Type == "ResourceNotFoundException")
        {
            throw Errors.OAuthInvalidClient();
        }
        if (!directory.CheckClientSecret(found.Item2, clientSecret)) throw Errors.OAuthInvalidClient();
        return found;
    }

    private static string Shown(string value) => value.Length > 64 ? value[..64] + "…" : value;
}
