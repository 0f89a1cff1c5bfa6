using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;
using Microsoft.Playwright;

namespace CognitoLite.Tests.Federation;

/// <summary>The host on Kestrel (for the browser) and the OIDC provider stand-in beside it, showing its consent page.</summary>
public sealed class FederationKestrelHost : HostFixture
{
    public override Store Store => Store.Sqlite;

    protected override bool Kestrel => true;

    public OidcProviderStandIn Idp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Idp = await OidcProviderStandIn.StartAsync();
        Idp.AskConsent = true;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
    }
}

/// <summary>
/// Sign-in through an OIDC provider in Debian's Chromium, the whole redirect chain as a browser follows it: the app's
/// /oauth2/authorize → the provider's own page (on another site: 127.0.0.1 while the pages are on localhost) → its
/// answer at /oauth2/idpresponse, which must find the browser's federation cookie → the app's callback.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class FederationBrowserTests(Chromium chromium, FederationKestrelHost fixture) : IClassFixture<FederationKestrelHost>
{
    private const string Provider = "Idp";
    private readonly LoginPagesClient _pages = new(fixture.Host);
    private readonly BrowserApp _app = new(fixture.Host);
    private OidcProviderStandIn Idp => fixture.Idp;

    /// <summary>A pool with the stand-in as OIDC provider `Idp`, and a client at the browser app offering it and the pool's own sign-in.</summary>
    private async Task<TestClient> Client()
    {
        var poolId = await _pages.Flows.CreatePool();
        await _pages.Flows.Aws.Idp("CreateIdentityProvider", new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ProviderName"] = Provider,
            ["ProviderType"] = "OIDC",
            ["ProviderDetails"] = Idp.ProviderDetails(),
            ["AttributeMapping"] = new JsonObject { ["email"] = "email", ["name"] = "name" },
        });
        return await _pages.WebClientOf(poolId, new JsonObject
        {
            ["CallbackURLs"] = new JsonArray(_app.CallbackUrl),
            ["SupportedIdentityProviders"] = new JsonArray("COGNITO", Provider),
        }.ToJsonString());
    }

    private async Task ProvidersPage(IPage page)
    {
        await BrowserApp.Heading(page, "Stand-in provider");
        Assert.StartsWith(Idp.Issuer + "/authorize?", page.Url);
    }

    [Fact]
    public async Task Identity_provider_in_the_authorize_request_goes_through_the_providers_page_to_the_app_with_a_code()
    {
        var client = await Client();
        var (verifier, challenge) = LoginPagesClient.Pkce();
        await using var browser = await chromium.NewPage(_app.Site);
        var page = browser.Page;

        await page.GotoAsync(_app.AuthorizeUrl(client, ("identity_provider", Provider), ("scope", "openid email profile"), ("state", "f-1"),
            ("code_challenge", challenge), ("code_challenge_method", "S256")));
        await ProvidersPage(page);
        Assert.Equal($"{new Uri(_app.Site, "/oauth2/idpresponse")}", Idp.AuthorizeRequests.Last()["redirect_uri"]);
        await browser.Screenshot("01-provider");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        var parameters = await _app.Callback(page);
        await browser.Screenshot("02-app");
        Assert.Equal("f-1", parameters["state"]);
        var tokens = await _pages.Exchange(client, parameters["code"], verifier, _app.CallbackUrl);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var id = TestJwt.Claims(tokens.Body!["id_token"].Str());
        Assert.Equal("Idp_oidc-user-1", id["cognito:username"].Str());
        Assert.Equal("ann@idp.example", id["email"].Str());
        var identity = Assert.Single(id["identities"]!.AsArray())!;
        Assert.Equal(Provider, identity["providerName"].Str());
        Assert.Equal("OIDC", identity["providerType"].Str());
        Assert.Equal("oidc-user-1", identity["userId"].Str());
    }

    [Fact]
    public async Task The_sign_in_page_links_to_the_provider_and_the_link_signs_the_user_in()
    {
        var client = await Client();
        await using var browser = await chromium.NewPage(_app.Site);
        var page = browser.Page;
        var violations = BrowserApp.PolicyViolations(page);

        await page.GotoAsync(_app.AuthorizeUrl(client, ("state", "f-2")));
        await BrowserApp.Heading(page, "Sign in");
        await browser.Screenshot("01-sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {Provider}" }).ClickAsync();
        await ProvidersPage(page);
        await browser.Screenshot("02-provider");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        var parameters = await _app.Callback(page);
        Assert.Equal("f-2", parameters["state"]);
        var tokens = await _pages.Exchange(client, parameters["code"], redirectUri: _app.CallbackUrl);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("Idp_oidc-user-1", TestJwt.Claims(tokens.Body!["id_token"].Str())["cognito:username"].Str());
        Assert.Empty(violations);
    }

    [Fact]
    public async Task Denying_at_the_provider_brings_the_app_access_denied_and_no_code()
    {
        var client = await Client();
        await using var browser = await chromium.NewPage(_app.Site);
        var page = browser.Page;

        await page.GotoAsync(_app.AuthorizeUrl(client, ("identity_provider", Provider), ("state", "f-3")));
        await ProvidersPage(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();

        var parameters = await _app.Callback(page);
        await browser.Screenshot("01-app-with-error");
        Assert.Equal(new Dictionary<string, string> { ["error"] = "access_denied", ["error_description"] = "The user said no", ["state"] = "f-3" }, parameters);
        var users = await _pages.Flows.Aws.Idp("ListUsers", new { UserPoolId = client.PoolId });
        Assert.Empty(users["Users"]!.AsArray());
    }
}
