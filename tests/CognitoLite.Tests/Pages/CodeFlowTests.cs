using System.Net;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Pages;

public sealed class CodeFlowTestsOnPostgres(PostgresHost fixture) : CodeFlowContract(fixture), IClassFixture<PostgresHost>;

public sealed class CodeFlowTestsOnSqlite(SqliteHost fixture) : CodeFlowContract(fixture), IClassFixture<SqliteHost>;

/// <summary>/oauth2/authorize → the sign-in page → the app's callback with a code → /oauth2/token, with PKCE and a nonce.</summary>
public abstract class CodeFlowContract(HostFixture fixture)
{
    private LoginPagesClient Pages { get; } = new(fixture.Host);

    [Fact]
    public async Task A_code_with_PKCE_gives_the_users_tokens_with_the_granted_scopes_and_the_nonce()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "alice", "alice@example.com");
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var back = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client, ("scope", "openid email aws.cognito.signin.user.admin"),
            ("state", "s-1"), ("nonce", "n-1"), ("code_challenge", challenge), ("code_challenge_method", "S256")), "alice");

        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        Assert.StartsWith(LoginPagesClient.Callback + "?", back.Location);
        var parameters = back.RedirectParameters();
        Assert.Equal("s-1", parameters["state"]);
        var tokens = await Pages.Exchange(client, parameters["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var id = TestJwt.Claims(tokens.Body!["id_token"].Str());
        Assert.Equal("n-1", id["nonce"].Str());
        Assert.Equal("alice@example.com", id["email"].Str());
        var access = TestJwt.Claims(tokens.Body["access_token"].Str());
        Assert.Equal("openid email aws.cognito.signin.user.admin", access["scope"].Str());
        Assert.Equal(2, access["version"]!.GetValue<int>());
        Assert.Equal("alice", (await Pages.Flows.GetUser(tokens.Body["access_token"].Str()))["Username"].Str());

        var again = await Pages.Exchange(client, parameters["code"], verifier);
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("invalid_grant", again.Error);
    }
}
