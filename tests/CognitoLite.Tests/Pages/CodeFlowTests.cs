using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.OAuth;

namespace CognitoLite.Tests.Pages;

public sealed class CodeFlowTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : CodeFlowContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class CodeFlowTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : CodeFlowContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// /oauth2/authorize → the sign-in page → the app's callback with a code → /oauth2/token, with PKCE and a nonce; what
/// the tokens grant (scopes, userInfo, GetUser), the code's checks at the token endpoint, refresh, and the login session
/// that lets a second authorize skip the form. The host's clock is a ManualClock.
/// </summary>
public abstract class CodeFlowContract(ManualClockHost fixture)
{
    private const string AllScopes = "openid email profile aws.cognito.signin.user.admin";

    private LoginPagesClient Pages { get; } = new(fixture.Host);

    private static string[] Scopes(JsonNode claims) => claims["scope"].Str().Split(' ');

    private async Task<OAuthAnswer> Exchanged(TestClient client, string code, string? verifier = null)
    {
        var tokens = await Pages.Exchange(client, code, verifier);
        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.Body?.ToJsonString());
        return tokens;
    }

    /// <summary>The tokens of a sign-in at the pages (or of the login session, once there is one) with these scopes.</summary>
    private async Task<JsonNode> Tokens(TestClient client, string username, string scope)
    {
        var page = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("scope", scope)));
        if (page.Status == HttpStatusCode.OK) page = await Pages.Submit(page, ("username", username), ("password", IdpFlows.Password));
        return (await Exchanged(client, page.RedirectParameters()["code"])).Body!;
    }

    [Fact]
    public async Task A_code_with_PKCE_gives_the_users_tokens_with_the_granted_scopes_and_the_nonce()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "alice", "alice@example.com");
        var (verifier, challenge) = LoginPagesClient.Pkce();

        var back = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client, ("scope", "openid email aws.cognito.signin.user.admin"),
            ("state", "s-1"), ("nonce", "n-1"), ("code_challenge", challenge), ("code_challenge_method", "S256")), "alice");

        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        Assert.StartsWith(LoginPagesClient.Callback + "?", back.Location);
        var parameters = back.RedirectParameters();
        Assert.Equal(["code", "state"], parameters.Keys.Order());
        Assert.Equal("s-1", parameters["state"]);
        var tokens = await Pages.Exchange(client, parameters["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(["access_token", "expires_in", "id_token", "refresh_token", "token_type"], tokens.Body!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("Bearer", tokens.Body["token_type"].Str());
        Assert.Equal(3600, tokens.Body["expires_in"]!.GetValue<int>());
        var id = TestJwt.Claims(tokens.Body!["id_token"].Str());
        Assert.Equal("n-1", id["nonce"].Str());
        Assert.Equal("alice@example.com", id["email"].Str());
        Assert.Equal(client.Id, id["aud"].Str());
        var access = TestJwt.Claims(tokens.Body["access_token"].Str());
        Assert.Equal("openid email aws.cognito.signin.user.admin", access["scope"].Str());
        Assert.Equal(2, access["version"]!.GetValue<int>());
        Assert.Equal(client.Id, access["client_id"].Str());
        Assert.Equal("alice", (await Pages.Flows.GetUser(tokens.Body["access_token"].Str()))["Username"].Str());

        var again = await Pages.Exchange(client, parameters["code"], verifier);
        OAuthHttp.IsError(again, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Without_a_scope_the_code_grants_the_clients_AllowedOAuthScopes()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "bea", "bea@example.com");

        var code = await Pages.Code(client, "bea");

        var tokens = (await Exchanged(client, code)).Body!;
        Assert.Equal(AllScopes.Split(' ').Order(), Scopes(TestJwt.Claims(tokens["access_token"].Str())).Order());
        Assert.NotNull(tokens["id_token"]);
    }

    [Fact]
    public async Task Without_openid_there_is_no_id_token_and_userInfo_refuses_the_access_token()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "cid", "cid@example.com");

        var tokens = await Tokens(client, "cid", "aws.cognito.signin.user.admin");

        Assert.Equal(["access_token", "expires_in", "refresh_token", "token_type"], tokens.AsObject().Select(p => p.Key).Order());
        Assert.Equal("cid", (await Pages.Flows.GetUser(tokens["access_token"].Str()))["Username"].Str());
        OAuthHttp.IsError(await Pages.OAuth.UserInfo(tokens["access_token"].Str()), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Without_the_admin_scope_GetUser_refuses_the_access_token_but_userInfo_answers()
    {
        var client = await Pages.WebClient("""{ "AutoVerifiedAttributes": ["email"] }""");
        var sub = await Pages.Flows.VerifiedUser(client, "dan", "dan@example.com");

        var tokens = await Tokens(client, "dan", "openid email");

        await IdpFlows.Refused("NotAuthorizedException", () => Pages.Flows.GetUser(tokens["access_token"].Str()), "Access Token does not have required scopes");
        await IdpFlows.Refused("NotAuthorizedException", () => Pages.Flows.Aws.Idp("GlobalSignOut", new { AccessToken = tokens["access_token"].Str() }),
            "Access Token does not have required scopes");
        var info = await Pages.OAuth.UserInfo(tokens["access_token"].Str());
        Assert.Equal(HttpStatusCode.OK, info.Status);
        Assert.Equal("application/json", info.Response.Content.Headers.ContentType?.MediaType);
        // AWS's userInfo documentation shows email_verified as the string "true", not a JSON boolean as in the id token.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            { "sub": "{{sub}}", "email_verified": "true", "email": "dan@example.com", "username": "dan" }
            """), info.Body), info.Body!.ToJsonString());
        Assert.True(TestJwt.Claims(tokens["id_token"].Str())["email_verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UserInfo_answers_the_attributes_the_scopes_allow_on_GET_and_POST()
    {
        var client = await Pages.WebClient(
            """{ "Schema": [{ "Name": "tier", "AttributeDataType": "String", "Mutable": true }] }""",
            """{ "AllowedOAuthScopes": ["openid", "email", "phone", "profile"] }""");
        await Pages.Flows.SignUp(client, "eve", IdpFlows.Password, ("email", "eve@example.com"), ("name", "Eve"),
            ("phone_number", "+15555550100"), ("custom:tier", "gold"));
        await Pages.Flows.AdminConfirmSignUp(client.PoolId, "eve");

        async Task<List<string>> Claims(string scope, HttpMethod? method = null)
        {
            var info = await Pages.OAuth.UserInfo((await Tokens(client, "eve", scope))["access_token"].Str(), method);
            Assert.Equal(HttpStatusCode.OK, info.Status);
            Assert.Equal("eve", info.Body!["username"].Str());
            return info.Body.AsObject().Select(p => p.Key).Where(k => k is not ("sub" or "username")).Order().ToList();
        }

        Assert.Equal(["custom:tier", "email", "name", "phone_number"], (await Claims("openid")).Where(k => !k.EndsWith("_verified")));
        Assert.Equal(["custom:tier", "name"], await Claims("openid profile"));
        Assert.Equal(["email"], (await Claims("openid email", HttpMethod.Post)).Where(k => !k.EndsWith("_verified")));
        Assert.Equal(["phone_number"], (await Claims("openid phone")).Where(k => !k.EndsWith("_verified")));
        Assert.Equal(["custom:tier", "email", "name"], (await Claims("openid email profile")).Where(k => !k.EndsWith("_verified")));
    }

    [Fact]
    public async Task A_code_redeemed_by_parallel_requests_gives_tokens_once()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "fig");
        var code = await Pages.Code(client, "fig");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Pages.Exchange(client, code)));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => OAuthHttp.IsError(a, HttpStatusCode.BadRequest, "invalid_grant"));
    }

    [Fact]
    public async Task In_a_pool_signing_in_with_an_email_the_page_takes_the_email_and_the_tokens_name_the_sub()
    {
        var client = await Pages.WebClient("""{ "UsernameAttributes": ["email"] }""");
        var sub = await Pages.Flows.ConfirmedUser(client, "gwen@example.com", "gwen@example.com");

        var tokens = (await Exchanged(client, await Pages.Code(client, "gwen@example.com", ("scope", "openid email")))).Body!;

        Assert.Equal(sub, TestJwt.Claims(tokens["access_token"].Str())["username"].Str());
        Assert.Equal("gwen@example.com", TestJwt.Claims(tokens["id_token"].Str())["email"].Str());
    }

    [Fact]
    public async Task A_code_expires_after_five_minutes()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "fay");
        var first = await Pages.Code(client, "fay");
        var second = (await Pages.Open(LoginPagesClient.AuthorizeUrl(client))).RedirectParameters()["code"];

        fixture.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await Exchanged(client, first);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));

        OAuthHttp.IsError(await Pages.Exchange(client, second), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_code_is_refused_to_another_client_of_the_pool_and_of_another_pool()
    {
        var client = await Pages.WebClient();
        var sibling = await Pages.WebClientOf(client.PoolId);
        var stranger = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "gil");

        OAuthHttp.IsError(await Pages.Exchange(sibling, await Pages.Code(client, "gil")), HttpStatusCode.BadRequest, "invalid_grant");
        var code = (await Pages.Open(LoginPagesClient.AuthorizeUrl(client))).RedirectParameters()["code"];
        OAuthHttp.IsError(await Pages.Exchange(stranger, code), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task The_token_request_must_name_the_redirect_uri_of_the_authorize_request()
    {
        const string other = "https://app.example.com/other";
        var client = await Pages.WebClient(clientSettings: $$"""{ "CallbackURLs": ["{{LoginPagesClient.Callback}}", "{{other}}"] }""");
        await Pages.Flows.ConfirmedUser(client, "hal");

        OAuthHttp.IsError(await Pages.Exchange(client, await Pages.Code(client, "hal"), redirectUri: other), HttpStatusCode.BadRequest, "invalid_grant");
        var code = (await Pages.Open(LoginPagesClient.AuthorizeUrl(client))).RedirectParameters()["code"];
        OAuthHttp.IsError(await Pages.OAuth.Token(null, ("grant_type", "authorization_code"), ("client_id", client.Id), ("code", code)),
            HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task PKCE_a_code_with_a_challenge_needs_its_verifier()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "ida");
        var (verifier, challenge) = LoginPagesClient.Pkce();
        (string, string)[] pkce = [("code_challenge", challenge), ("code_challenge_method", "S256")];

        OAuthHttp.IsError(await Pages.Exchange(client, await Pages.Code(client, "ida", pkce)), HttpStatusCode.BadRequest, "invalid_request");
        var code = (await Pages.Open(LoginPagesClient.AuthorizeUrl(client, pkce))).RedirectParameters()["code"];
        OAuthHttp.IsError(await Pages.Exchange(client, code, LoginPagesClient.Pkce().Verifier), HttpStatusCode.BadRequest, "invalid_grant");
        code = (await Pages.Open(LoginPagesClient.AuthorizeUrl(client, pkce))).RedirectParameters()["code"];
        OAuthHttp.IsError(await Pages.Exchange(client, code, challenge), HttpStatusCode.BadRequest, "invalid_grant");
        code = (await Pages.Open(LoginPagesClient.AuthorizeUrl(client, pkce))).RedirectParameters()["code"];
        await Exchanged(client, code, verifier);
    }

    [Fact]
    public async Task PKCE_a_verifier_for_a_code_issued_without_a_challenge_is_refused()
    {
        // RFC 9700 §2.1.1: a code_verifier is accepted only when the authorization request had a code_challenge (PKCE downgrade).
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "jon");

        var code = await Pages.Code(client, "jon");

        OAuthHttp.IsError(await Pages.Exchange(client, code, LoginPagesClient.Pkce().Verifier), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_confidential_client_authenticates_at_the_token_endpoint()
    {
        var client = await Pages.WebClient(clientSettings: """{ "GenerateSecret": true }""");
        await Pages.Flows.ConfirmedUser(client, "kim");
        var code = await Pages.Code(client, "kim");
        (string, string)[] grant = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", LoginPagesClient.Callback)];

        OAuthHttp.IsError(await Pages.OAuth.Token(null, [.. grant, ("client_id", client.Id)]), HttpStatusCode.Unauthorized, "invalid_client");
        OAuthHttp.IsError(await Pages.OAuth.Token(OAuthHttp.Basic(client.Id, "not-the-secret"), grant), HttpStatusCode.Unauthorized, "invalid_client");
        OAuthHttp.IsError(await Pages.OAuth.Token(null, [.. grant, ("client_id", client.Id), ("client_secret", "not-the-secret")]),
            HttpStatusCode.Unauthorized, "invalid_client");

        // A client that failed to authenticate did not use the code up.
        var tokens = await Pages.OAuth.Token(null, [.. grant, ("client_id", client.Id), ("client_secret", client.Secret!)]);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("kim", TestJwt.Claims(tokens.Body!["access_token"].Str())["username"].Str());
    }

    [Fact]
    public async Task A_refresh_keeps_the_scopes_version_2_and_auth_time_and_drops_the_nonce()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "lee", "lee@example.com");
        var signedInAt = fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        var tokens = (await Exchanged(client, await Pages.Code(client, "lee", ("scope", "openid email"), ("nonce", "n-lee")))).Body!;
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));

        var refreshed = await Pages.OAuth.Token(null, ("grant_type", "refresh_token"), ("client_id", client.Id),
            ("refresh_token", tokens["refresh_token"].Str()));

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(["access_token", "expires_in", "id_token", "token_type"], refreshed.Body!.AsObject().Select(p => p.Key).Order());
        var access = TestJwt.Claims(refreshed.Body["access_token"].Str());
        Assert.Equal("openid email", access["scope"].Str());
        Assert.Equal(2, access["version"]!.GetValue<int>());
        Assert.Equal(signedInAt, access["auth_time"]!.GetValue<long>());
        Assert.Equal(signedInAt + 1800, access["iat"]!.GetValue<long>());
        var id = TestJwt.Claims(refreshed.Body["id_token"].Str());
        Assert.Null(id["nonce"]);
        Assert.Equal(signedInAt, id["auth_time"]!.GetValue<long>());

        // The API's refresh of the same token keeps them as well.
        var viaApi = (await Pages.Flows.Refresh(client, tokens["refresh_token"].Str()))["AuthenticationResult"]!;
        Assert.Equal("openid email", TestJwt.Claims(viaApi["AccessToken"].Str())["scope"].Str());
    }

    [Fact]
    public async Task A_refresh_of_a_sign_in_without_openid_gives_no_id_token()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "max");
        var tokens = await Tokens(client, "max", "aws.cognito.signin.user.admin");

        var refreshed = await Pages.OAuth.Token(null, ("grant_type", "refresh_token"), ("client_id", client.Id),
            ("refresh_token", tokens["refresh_token"].Str()));

        Assert.Equal(["access_token", "expires_in", "token_type"], refreshed.Body!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("aws.cognito.signin.user.admin", TestJwt.Claims(refreshed.Body["access_token"].Str())["scope"].Str());
    }

    [Fact]
    public async Task A_second_authorize_goes_straight_back_with_a_new_code_and_the_auth_time_of_the_sign_in()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "ned");
        var signedInAt = fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        var first = await Pages.Code(client, "ned");
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));

        var again = await Pages.Get(LoginPagesClient.AuthorizeUrl(client, ("state", "s-2")));

        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.StartsWith(LoginPagesClient.Callback + "?", again.Location);
        var parameters = again.RedirectParameters();
        Assert.Equal("s-2", parameters["state"]);
        Assert.NotEqual(first, parameters["code"]);
        var access = TestJwt.Claims((await Exchanged(client, parameters["code"])).Body!["access_token"].Str());
        Assert.Equal(signedInAt, access["auth_time"]!.GetValue<long>());
        Assert.Equal(signedInAt + 600, access["iat"]!.GetValue<long>());
    }

    [Fact]
    public async Task With_a_session_prompt_none_goes_back_with_a_code_and_prompt_login_shows_the_form_again()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "oda");
        var signedInAt = fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        await Pages.Code(client, "oda");
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Contains("code", (await Pages.Get(LoginPagesClient.AuthorizeUrl(client, ("prompt", "none")))).RedirectParameters().Keys);

        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("prompt", "login")));
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("name=\"password\"", login.Html);
        var back = await Pages.Submit(login, ("username", "oda"), ("password", IdpFlows.Password));
        var access = TestJwt.Claims((await Exchanged(client, back.RedirectParameters()["code"])).Body!["access_token"].Str());
        Assert.Equal(signedInAt + 300, access["auth_time"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_user_disabled_between_authorize_and_the_exchange_gets_no_tokens()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "pia");
        var code = await Pages.Code(client, "pia");

        await Pages.Flows.Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "pia" });

        OAuthHttp.IsError(await Pages.Exchange(client, code), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task GlobalSignOut_revokes_the_tokens_of_the_code_flow()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "quin");
        var tokens = await Tokens(client, "quin", AllScopes);

        await Pages.Flows.Aws.Idp("GlobalSignOut", new { AccessToken = tokens["access_token"].Str() });

        await IdpFlows.Refused("NotAuthorizedException", () => Pages.Flows.GetUser(tokens["access_token"].Str()), "Access Token has been revoked");
        OAuthHttp.IsError(await Pages.OAuth.UserInfo(tokens["access_token"].Str()), HttpStatusCode.Unauthorized, "invalid_token");
        OAuthHttp.IsError(await Pages.OAuth.Token(null, ("grant_type", "refresh_token"), ("client_id", client.Id),
            ("refresh_token", tokens["refresh_token"].Str())), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task AdminUserGlobalSignOut_revokes_tokens_without_the_admin_scope()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "rio");
        var tokens = await Tokens(client, "rio", "openid");
        Assert.Equal(HttpStatusCode.OK, (await Pages.OAuth.UserInfo(tokens["access_token"].Str())).Status);

        await Pages.Flows.Aws.Idp("AdminUserGlobalSignOut", new { UserPoolId = client.PoolId, Username = "rio" });

        OAuthHttp.IsError(await Pages.OAuth.UserInfo(tokens["access_token"].Str()), HttpStatusCode.Unauthorized, "invalid_token");
        OAuthHttp.IsError(await Pages.OAuth.Token(null, ("grant_type", "refresh_token"), ("client_id", client.Id),
            ("refresh_token", tokens["refresh_token"].Str())), HttpStatusCode.BadRequest, "invalid_grant");
    }
}
