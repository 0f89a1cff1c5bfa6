using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;

namespace CognitoLite.Tests.Passkeys;

public sealed class PasskeyPagesTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : PasskeyPagesContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class PasskeyPagesTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : PasskeyPagesContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// The managed login's passkey option over HTTP: the button on /login, the WEB_AUTHN step's page with its script (one of
/// the two pages that run one, allowed by its CSP nonce), the offer to add a passkey after a password sign-in, and what
/// the script would post, made by <see cref="TestAuthenticator"/> for the pages' origin. The browser run of the same
/// pages is in tests/compat.
/// </summary>
public abstract class PasskeyPagesContract(ManualClockHost fixture)
{
    private const string PagesOrigin = "http://localhost";
    private const string ChoiceFlows = """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""";
    private const string PasskeyPolicy = """{ "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"] } } }""";

    private LoginPagesClient Pages { get; } = new(fixture.Host);
    private IdpFlows Idp => Pages.Flows;

    /// <summary>A user with a passkey of this authenticator, registered through the API from the pages' origin.</summary>
    private async Task UserWithPasskey(TestClient client, string username, TestAuthenticator authenticator)
    {
        await Idp.ConfirmedUser(client, username);
        var token = (await Idp.SignIn(client, username))["AccessToken"].Str();
        var options = (await Idp.Aws.Idp("StartWebAuthnRegistration", new { AccessToken = token }))["CredentialCreationOptions"]!;
        await Idp.Aws.Idp("CompleteWebAuthnRegistration", new JsonObject { ["AccessToken"] = token, ["Credential"] = authenticator.Register(options, PagesOrigin) });
    }

    private static string Csp(PageAnswer page) => page.Response.Headers.GetValues("Content-Security-Policy").Single();

    [Fact]
    public async Task A_user_signs_in_with_a_passkey_at_the_pages()
    {
        var client = await Pages.WebClient(PasskeyPolicy, ChoiceFlows);
        using var authenticator = new TestAuthenticator();
        await UserWithPasskey(client, "ada", authenticator);

        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        Assert.Contains("""name="method" value="WEB_AUTHN" formnovalidate>Sign in with a passkey</button>""", login.Html);
        Assert.DoesNotContain("script", Csp(login));
        Assert.DoesNotContain("<script", login.Html);

        var step = await Pages.Submit(login, ("username", "ada"), ("method", "WEB_AUTHN"));

        Assert.Equal(HttpStatusCode.OK, step.Status);
        var nonce = System.Text.RegularExpressions.Regex.Match(Csp(step), "script-src 'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"""<script src="/login-assets/passkey.js" nonce="{nonce}"></script>""", step.Html);
        var (_, hidden) = LoginPagesClient.FormOf(step);
        Assert.Equal("WEB_AUTHN", hidden["challenge"]);
        var options = hidden["p.CREDENTIAL_REQUEST_OPTIONS"];
        Assert.Equal(authenticator.Id, JsonNode.Parse(options)!["allowCredentials"]![0]!["id"].Str());

        var script = await Pages.Http.GetAsync("/login-assets/passkey.js");
        Assert.Equal("text/javascript; charset=utf-8", script.Content.Headers.ContentType!.ToString());
        Assert.Contains("navigator.credentials.get", await script.Content.ReadAsStringAsync());

        var back = await Pages.Submit(step, ("credential", authenticator.Assert(options, PagesOrigin).ToJsonString()));

        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        var tokens = await Pages.Exchange(client, back.RedirectParameters()["code"]);
        Assert.Equal("ada", TestJwt.Claims(tokens.Body!["access_token"].Str())["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_passkey_ends_at_the_sign_in_form()
    {
        var client = await Pages.WebClient(PasskeyPolicy, ChoiceFlows);
        using var authenticator = new TestAuthenticator();
        await UserWithPasskey(client, "ben", authenticator);
        var step = await Pages.Submit(await Pages.Open(LoginPagesClient.AuthorizeUrl(client)), ("username", "ben"), ("method", "WEB_AUTHN"));
        var options = LoginPagesClient.FormOf(step).Hidden["p.CREDENTIAL_REQUEST_OPTIONS"];

        var nothing = await Pages.Submit(step, ("credential", ""));
        Assert.Equal("Use your passkey to sign in.", nothing.Alert);

        var refused = await Pages.Submit(nothing, ("credential", authenticator.Assert(options, "https://evil.example").ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("The passkey could not be verified.", refused.Alert);
        Assert.Contains("name=\"password\"", refused.Html);
    }

    [Fact]
    public async Task After_a_password_sign_in_the_pages_offer_to_add_a_passkey()
    {
        var client = await Pages.WebClient(PasskeyPolicy, ChoiceFlows);
        await Idp.ConfirmedUser(client, "dan");
        using var authenticator = new TestAuthenticator();
        var authorize = LoginPagesClient.AuthorizeUrl(client, ("prompt", "login"));

        var offer = await Pages.SignIn(authorize, "dan");

        Assert.Equal(HttpStatusCode.OK, offer.Status);
        Assert.Contains("<h1>Add a passkey</h1>", offer.Html);
        Assert.Contains("script-src 'nonce-", Csp(offer));
        var options = JsonNode.Parse(LoginPagesClient.FormOf(offer).Hidden["p.CREDENTIAL_CREATION_OPTIONS"])!;
        Assert.Equal("dan", options["user"]!["name"].Str());
        Assert.Equal("localhost", options["rp"]!["id"].Str());
        // The login session is open already; "Not now" goes on to the app.
        Assert.NotNull(LoginPagesClient.SetCookie(offer, LoginPagesClient.SessionCookieName(client)));
        var skipped = await Pages.Submit(offer, ("action", "skip"));
        Assert.Equal(HttpStatusCode.Redirect, skipped.Status);
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", skipped.Location);

        offer = await Pages.SignIn(authorize, "dan");
        options = JsonNode.Parse(LoginPagesClient.FormOf(offer).Hidden["p.CREDENTIAL_CREATION_OPTIONS"])!;
        var refused = await Pages.Submit(offer, ("credential", authenticator.Register(options, "https://evil.example").ToJsonString()));
        Assert.Equal("The origin https://evil.example is not allowed for the relying party localhost.", refused.Alert);
        var created = authenticator.Register(JsonNode.Parse(LoginPagesClient.FormOf(refused).Hidden["p.CREDENTIAL_CREATION_OPTIONS"])!, PagesOrigin);
        var back = await Pages.Submit(refused, ("credential", created.ToJsonString()));

        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        var tokens = await Pages.Exchange(client, back.RedirectParameters()["code"]);
        var listed = await Idp.Aws.Idp("ListWebAuthnCredentials", new { AccessToken = tokens.Body!["access_token"].Str() });
        Assert.Equal(authenticator.Id, Assert.Single(listed["Credentials"]!.AsArray())!["CredentialId"].Str());
        // With a passkey, no offer: the next sign-in goes straight back to the app.
        Assert.Equal(HttpStatusCode.Redirect, (await Pages.SignIn(authorize, "dan")).Status);
    }

    [Fact]
    public async Task No_offer_where_the_browser_is_not_on_the_relying_partys_origin()
    {
        var client = await Pages.WebClient(PasskeyPolicy, ChoiceFlows);
        await Idp.Aws.Idp("SetUserPoolMfaConfig", JsonNode.Parse($$"""{ "UserPoolId": "{{client.PoolId}}", "WebAuthnConfiguration": { "RelyingPartyId": "example.com" } }""")!);
        await Idp.ConfirmedUser(client, "eli");

        Assert.Equal(HttpStatusCode.Redirect, (await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "eli")).Status);
    }

    [Fact]
    public async Task The_passkey_option_needs_the_pools_policy_and_a_USER_AUTH_client()
    {
        var passwordOnly = await Pages.WebClient(clientSettings: ChoiceFlows);
        var noUserAuth = await Pages.WebClient(PasskeyPolicy);

        Assert.DoesNotContain("WEB_AUTHN", (await Pages.Open(LoginPagesClient.AuthorizeUrl(passwordOnly))).Html);
        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(noUserAuth));
        Assert.DoesNotContain("WEB_AUTHN", login.Html);
        await Idp.ConfirmedUser(noUserAuth, "cy");
        Assert.Equal("This way of signing in is not available.", (await Pages.Submit(login, ("username", "cy"), ("method", "WEB_AUTHN"))).Alert);
    }
}
