using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.OAuth;

public sealed class UserInfoRevokeTestsOnPostgres(PostgresHost fixture) : UserInfoRevokeContract(fixture), IClassFixture<PostgresHost>;

public sealed class UserInfoRevokeTestsOnSqlite(SqliteHost fixture) : UserInfoRevokeContract(fixture), IClassFixture<SqliteHost>;

/// <summary>/oauth2/userInfo, /oauth2/revoke (RFC 7009), CORS on the /oauth2 endpoints and what discovery names.</summary>
public abstract class UserInfoRevokeContract(HostFixture fixture)
{
    private OAuthHttp OAuth { get; } = new(fixture.Host);

    private static void IsInvalidToken(OAuthAnswer answer)
    {
        OAuthHttp.IsError(answer, HttpStatusCode.Unauthorized, "invalid_token");
        var challenge = Assert.Single(answer.Response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.StartsWith("error=\"invalid_token\", error_description=\"", challenge.Parameter);
    }

    [Fact]
    public async Task UserInfo_without_a_token_or_with_a_malformed_one_is_invalid_token()
    {
        IsInvalidToken(await OAuth.UserInfo(null));
        IsInvalidToken(await OAuth.UserInfo("not.a.jwt"));
        IsInvalidToken(await OAuth.UserInfo("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", HttpMethod.Post));
    }

    [Fact]
    public async Task UserInfo_refuses_an_InitiateAuth_token_which_has_no_openid_scope()
    {
        var client = await OAuth.Flows.CreatePoolAndClient();
        var signedIn = await OAuth.SignedIn(client, "no-openid");

        IsInvalidToken(await OAuth.UserInfo(signedIn["AccessToken"].Str()));
    }

    [Fact]
    public async Task UserInfo_refuses_a_client_credentials_token_which_has_no_user()
    {
        var client = await OAuth.MachineClient();
        var token = (await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret!), ("grant_type", "client_credentials"))).Body!["access_token"].Str();

        IsInvalidToken(await OAuth.UserInfo(token));
    }

    [Fact]
    public async Task Revoke_then_refresh_is_invalid_grant_and_the_access_token_stops_working()
    {
        var client = await OAuth.Flows.CreatePoolAndClient();
        var signedIn = await OAuth.SignedIn(client, "revoked");
        var refreshToken = signedIn["RefreshToken"].Str();

        var revoked = await OAuth.Revoke(null, ("token", refreshToken), ("client_id", client.Id));

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Null(revoked.Body);
        OAuthHttp.IsError(await OAuth.Token(null, ("grant_type", "refresh_token"), ("client_id", client.Id), ("refresh_token", refreshToken)),
            HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal("NotAuthorizedException", (await AwsClient.Fails(() => OAuth.Flows.GetUser(signedIn["AccessToken"].Str()))).Type);
    }

    [Fact]
    public async Task Revoke_of_a_confidential_clients_token_takes_its_secret_by_Basic_and_refuses_a_wrong_one()
    {
        var client = await OAuth.Flows.CreatePoolAndClient(clientSettingsJson: """{ "GenerateSecret": true, "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""");
        var refreshToken = (await OAuth.SignedIn(client, "confidential"))["RefreshToken"].Str();

        OAuthHttp.IsError(await OAuth.Revoke(OAuthHttp.Basic(client.Id, "wrong-secret"), ("token", refreshToken)), HttpStatusCode.Unauthorized, "invalid_client");
        OAuthHttp.IsError(await OAuth.Revoke(null, ("token", refreshToken), ("client_id", client.Id)), HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal(HttpStatusCode.OK, (await OAuth.Revoke(OAuthHttp.Basic(client.Id, client.Secret!), ("token", refreshToken))).Status);
        OAuthHttp.IsError(await OAuth.Token(OAuthHttp.Basic(client.Id, client.Secret!), ("grant_type", "refresh_token"), ("refresh_token", refreshToken)),
            HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Revoke_answers_200_for_an_unknown_token_and_refuses_an_access_token_or_a_missing_one()
    {
        var client = await OAuth.Flows.CreatePoolAndClient();
        var signedIn = await OAuth.SignedIn(client, "revoker");

        Assert.Equal(HttpStatusCode.OK, (await OAuth.Revoke(null, ("token", "unknown-token"), ("client_id", client.Id))).Status);
        OAuthHttp.IsError(await OAuth.Revoke(null, ("token", signedIn["AccessToken"].Str()), ("client_id", client.Id)), HttpStatusCode.BadRequest, "unsupported_token_type");
        OAuthHttp.IsError(await OAuth.Revoke(null, ("client_id", client.Id)), HttpStatusCode.BadRequest, "invalid_request");
        OAuthHttp.IsError(await OAuth.Revoke(null, ("token", signedIn["RefreshToken"].Str()), ("client_id", "1unknown2345678901234567")), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Revoke_for_a_client_with_revocation_disabled_is_invalid_request()
    {
        var client = await OAuth.Flows.CreatePoolAndClient(clientSettingsJson: """{ "EnableTokenRevocation": false, "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""");
        var signedIn = await OAuth.SignedIn(client, "kept");

        OAuthHttp.IsError(await OAuth.Revoke(null, ("token", signedIn["RefreshToken"].Str()), ("client_id", client.Id)), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("/oauth2/token", "POST")]
    [InlineData("/oauth2/userInfo", "GET")]
    [InlineData("/oauth2/revoke", "POST")]
    public async Task The_oauth2_endpoints_answer_a_browser_preflight_with_the_authorization_header_allowed(string path, string method)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", "http://localhost:3000");
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await OAuth.Http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Contains("authorization", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Discovery_names_every_grant_and_no_advertised_endpoint_answers_404()
    {
        var poolId = await OAuth.Flows.CreatePool();
        var discovery = (await OAuth.Http.GetFromJsonAsync<JsonObject>($"/{poolId}/.well-known/openid-configuration"))!;

        Assert.Equal(["authorization_code", "implicit", "refresh_token", "client_credentials"], discovery["grant_types_supported"].Strings());
        Assert.Equal(["S256"], discovery["code_challenge_methods_supported"].Strings());
        // Without a client the pages answer an error page, not a 404.
        foreach (var endpoint in new[] { "authorization_endpoint", "end_session_endpoint" })
            Assert.Equal(HttpStatusCode.BadRequest, (await OAuth.Http.GetAsync(new Uri(discovery[endpoint].Str()).PathAndQuery)).StatusCode);
        foreach (var endpoint in new[] { "token_endpoint", "userinfo_endpoint", "revocation_endpoint" })
            Assert.NotEqual(HttpStatusCode.NotFound, (await OAuth.Send(new HttpRequestMessage(HttpMethod.Post, new Uri(discovery[endpoint].Str()).PathAndQuery))).Status);
    }
}
