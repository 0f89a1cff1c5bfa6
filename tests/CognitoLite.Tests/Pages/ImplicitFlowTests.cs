using System.Net;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.OAuth;

namespace CognitoLite.Tests.Pages;

public sealed class ImplicitFlowTestsOnPostgres(PostgresHost fixture) : ImplicitFlowContract(fixture), IClassFixture<PostgresHost>;

public sealed class ImplicitFlowTestsOnSqlite(SqliteHost fixture) : ImplicitFlowContract(fixture), IClassFixture<SqliteHost>;

/// <summary>response_type=token: the tokens (never a refresh token) and the errors go back to the app in the fragment.</summary>
public abstract class ImplicitFlowContract(HostFixture fixture)
{
    private LoginPagesClient Pages { get; } = new(fixture.Host);

    private static string Url(TestClient client, params (string, string)[] extra) =>
        LoginPagesClient.AuthorizeUrl(client, [("response_type", "token"), .. extra]);

    [Fact]
    public async Task The_tokens_come_back_in_the_fragment_with_the_state_and_no_refresh_token()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "ada", "ada@example.com");

        var back = await Pages.SignIn(Url(client, ("scope", "openid email aws.cognito.signin.user.admin"), ("state", "s-1"), ("nonce", "n-1")), "ada");

        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        Assert.StartsWith(LoginPagesClient.Callback + "#", back.Location);
        Assert.DoesNotContain("?", back.Location!.Split('#')[0]);
        var parameters = back.RedirectParameters();
        Assert.Equal(["access_token", "expires_in", "id_token", "state", "token_type"], parameters.Keys.Order());
        Assert.Equal("Bearer", parameters["token_type"]);
        Assert.Equal("3600", parameters["expires_in"]);
        Assert.Equal("s-1", parameters["state"]);
        var id = TestJwt.Claims(parameters["id_token"]);
        Assert.Equal("n-1", id["nonce"].Str());
        Assert.Equal(client.Id, id["aud"].Str());
        Assert.Equal("ada@example.com", id["email"].Str());
        var access = TestJwt.Claims(parameters["access_token"]);
        Assert.Equal("openid email aws.cognito.signin.user.admin", access["scope"].Str());
        Assert.Equal(2, access["version"]!.GetValue<int>());
        Assert.Equal(id["origin_jti"].Str(), access["origin_jti"].Str());
        Assert.Equal("ada", (await Pages.Flows.GetUser(parameters["access_token"]))["Username"].Str());
        Assert.Equal(HttpStatusCode.OK, (await Pages.OAuth.UserInfo(parameters["access_token"])).Status);
    }

    [Fact]
    public async Task Without_openid_only_an_access_token_comes_back()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "ben");

        var back = await Pages.SignIn(Url(client, ("scope", "aws.cognito.signin.user.admin")), "ben");

        Assert.Equal(["access_token", "expires_in", "token_type"], back.RedirectParameters().Keys.Order());
    }

    [Fact]
    public async Task With_a_session_a_second_authorize_goes_straight_back_with_new_tokens()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "cat");
        var first = (await Pages.SignIn(Url(client), "cat")).RedirectParameters();

        var again = await Pages.Get(Url(client, ("state", "s-2")));

        Assert.StartsWith(LoginPagesClient.Callback + "#", again.Location);
        var parameters = again.RedirectParameters();
        Assert.Equal("s-2", parameters["state"]);
        Assert.NotEqual(first["access_token"], parameters["access_token"]);
        Assert.Equal("cat", TestJwt.Claims(parameters["access_token"])["username"].Str());
    }

    [Fact]
    public async Task Errors_after_the_redirect_uri_is_trusted_go_back_in_the_fragment()
    {
        var client = await Pages.WebClient();

        foreach (var (extra, error) in new[] { (("scope", "phone"), "invalid_scope"), (("prompt", "none"), "login_required"), (("identity_provider", "Google"), "invalid_request") })
        {
            var back = await Pages.Get(Url(client, ("state", "s-3"), extra));
            Assert.StartsWith(LoginPagesClient.Callback + "#error=" + error + "&error_description=", back.Location);
            Assert.Equal("s-3", back.RedirectParameters()["state"]);
        }
        LoginPagesClient.IsErrorPage(await Pages.Get(Url(client, ("redirect_uri", "https://evil.example.com/"))), "redirect_mismatch");
    }

    [Fact]
    public async Task The_implicit_tokens_are_revoked_by_a_global_sign_out()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "dee");
        var access = (await Pages.SignIn(Url(client), "dee")).RedirectParameters()["access_token"];
        Assert.Equal("dee", (await Pages.Flows.GetUser(access))["Username"].Str());

        await Pages.Flows.Aws.Idp("AdminUserGlobalSignOut", new { UserPoolId = client.PoolId, Username = "dee" });

        await IdpFlows.Refused("NotAuthorizedException", () => Pages.Flows.GetUser(access), "Access Token has been revoked");
        OAuthHttp.IsError(await Pages.OAuth.UserInfo(access), HttpStatusCode.Unauthorized, "invalid_token");
    }
}
