using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace CognitoLite.Tests.Federation;

/// <summary>
/// The host on a real port (127.0.0.1) and the social stand-in named localhost: to a browser, another site, as Apple is.
/// </summary>
public sealed class SocialBrowserHost : HostFixture
{
    public override Store Store => Store.Sqlite;

    protected override bool Kestrel => true;

    public SocialProvidersStandIn Providers { get; private set; } = null!;

    protected override IDictionary<string, string?>? Settings => Providers.Settings();

    public override async Task InitializeAsync()
    {
        Providers = await SocialProvidersStandIn.StartAsync("localhost");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Providers.DisposeAsync();
    }
}

/// <summary>
/// Sign in with Apple in Chromium over http: Apple's answer is a form POST from its own site, which leaves the SameSite=Lax
/// browser-binding cookie behind; CognitoLite posts it again from its own site, and the sign-in ends at the app.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class SignInWithAppleBrowserTests(Chromium chromium, SocialBrowserHost fixture) : IClassFixture<SocialBrowserHost>
{
    [Fact]
    public async Task Apples_cross_site_form_post_signs_the_user_in_over_http()
    {
        var idp = fixture.Providers;
        var pages = new LoginPagesClient(fixture.Host);
        var poolId = await pages.Flows.CreatePool();
        await pages.Flows.Aws.Idp("CreateIdentityProvider", new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ProviderName"] = "SignInWithApple",
            ["ProviderType"] = "SignInWithApple",
            ["ProviderDetails"] = new JsonObject
            {
                ["client_id"] = idp.Apple.ClientId, ["team_id"] = SocialProvidersStandIn.AppleTeamId, ["key_id"] = SocialProvidersStandIn.AppleKeyId,
                ["private_key"] = idp.ApplePrivateKey, ["authorize_scopes"] = "email name",
            },
            ["AttributeMapping"] = new JsonObject { ["email"] = "email", ["given_name"] = "firstName" },
        });
        var client = await pages.WebClientOf(poolId, """{ "SupportedIdentityProviders": ["SignInWithApple"] }""");

        await using var browser = await chromium.NewPage(fixture.Host.Address);
        // Chromium has no internet: the app's callback is answered here.
        await browser.Page.RouteAsync(LoginPagesClient.Callback + "**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<p>The app</p>" }));
        var answers = new List<IRequest>();
        browser.Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/oauth2/idpresponse", StringComparison.Ordinal)) answers.Add(request);
        };

        await browser.Page.GotoAsync(LoginPagesClient.AuthorizeUrl(client, ("identity_provider", "SignInWithApple"), ("scope", "openid email"), ("state", "s-1")));
        await browser.Page.WaitForURLAsync(LoginPagesClient.Callback + "?**");
        await browser.Screenshot("back-at-the-app");

        Assert.StartsWith("http://localhost:", idp.BaseUrl);
        Assert.Equal(new Uri(fixture.Host.Address, "/oauth2/idpresponse").ToString(), idp.Apple.AuthorizeRequests.Single().Query["redirect_uri"]);
        // Apple's POST came without the cookie; the one from CognitoLite's own page with it.
        var cookies = new List<bool>();
        foreach (var answer in answers) cookies.Add((await answer.AllHeadersAsync()).ContainsKey("cookie"));
        Assert.Equal([false, true], cookies);
        var back = QueryHelpers.ParseQuery(new Uri(browser.Page.Url).Query);
        Assert.Equal("s-1", back["state"].ToString());
        var tokens = await pages.Exchange(client, back["code"].ToString());
        var id = TestJwt.Claims(tokens.Body!["id_token"].Str());
        Assert.Equal("SignInWithApple_001234.5f6e7d8c9b0a.1234", id["cognito:username"].Str());
        Assert.Equal("Ann", id["given_name"].Str());
    }
}
