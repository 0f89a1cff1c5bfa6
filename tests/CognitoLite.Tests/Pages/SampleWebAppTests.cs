extern alias SampleWebApp;

using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
using SampleWebApp::CognitoLite.SampleWebApp;

namespace CognitoLite.Tests.Pages;

[Collection(BrowserTests.Name)]
public sealed class SampleWebAppTests(Chromium chromium, KestrelHost<OnSqlite> fixture)
    : SampleWebAppContract(chromium, fixture, poolId => $"{fixture.Host.Address.ToString().TrimEnd('/')}/{poolId}"), IClassFixture<KestrelHost<OnSqlite>>;

/// <summary>Tokens in AWS's issuer form, while the discovery document and the endpoints stay on CognitoLite's URL.</summary>
[Collection(BrowserTests.Name)]
public sealed class SampleWebAppTestsWithAwsIssuer(Chromium chromium, AwsIssuerKestrelHost fixture)
    : SampleWebAppContract(chromium, fixture, poolId => $"https://cognito-idp.us-east-1.amazonaws.com/{poolId}"), IClassFixture<AwsIssuerKestrelHost>;

public sealed class AwsIssuerKestrelHost : HostFixture
{
    public override Store Store => Store.Sqlite;

    protected override bool Kestrel => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["CognitoLite:IssuerStyle"] = "aws" };
}

/// <summary>
/// samples/CognitoLite.SampleWebApp, an ASP.NET Core app using the OpenIdConnect handler unchanged, signs a user in
/// through the managed login pages in Chromium and signs them out of the app and of CognitoLite.
/// </summary>
public abstract class SampleWebAppContract(Chromium chromium, HostFixture fixture, Func<string, string> issuerOf)
{
    [Fact]
    public async Task The_sample_web_app_signs_in_through_the_managed_login_pages_and_signs_out()
    {
        var flows = new IdpFlows(fixture.Host);
        var server = fixture.Host.Address.ToString().TrimEnd('/');
        var poolId = await flows.CreatePool();
        await using var sample = await StartSample(server, poolId);
        var home = sample.Urls.Single() + "/";
        // The client's callback and sign-out URLs name the sample's port, known only now that it listens; the
        // handler's options are built on the first request, so the client's settings can still be added.
        var client = await flows.CreateClient(poolId, new JsonObject
        {
            ["GenerateSecret"] = true,
            ["AllowedOAuthFlowsUserPoolClient"] = true,
            ["AllowedOAuthFlows"] = new JsonArray("code"),
            ["AllowedOAuthScopes"] = new JsonArray("openid", "email", "profile"),
            ["CallbackURLs"] = new JsonArray(home + "signin-oidc"),
            ["LogoutURLs"] = new JsonArray(home),
            ["SupportedIdentityProviders"] = new JsonArray("COGNITO"),
        }.ToJsonString());
        sample.Configuration["Cognito:ClientId"] = client.Id;
        sample.Configuration["Cognito:ClientSecret"] = client.Secret;
        var sub = await flows.ConfirmedUser(client, "alice", "alice@example.com");

        await using var browser = await chromium.NewPage(new Uri(home), $"{GetType().Name}.sign-in-and-out");
        var page = browser.Page;
        await page.GotoAsync("/");
        await browser.Screenshot("1-signed-out");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync(url => url.StartsWith(server + "/login?", StringComparison.Ordinal));
        await browser.Screenshot("2-login-page");
        await page.GetByLabel("Username").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync(IdpFlows.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync(home);
        await browser.Screenshot("3-signed-in");
        Assert.Equal("Signed in as alice", await page.InnerTextAsync("p >> nth=0"));
        Assert.Equal("Tokens issued by " + issuerOf(poolId), await page.InnerTextAsync("p >> nth=1"));
        var claims = await page.InnerTextAsync("dl");
        Assert.Contains("sub\n" + sub + "\n", claims, StringComparison.Ordinal);
        Assert.Contains("email\nalice@example.com\n", claims, StringComparison.Ordinal);
        Assert.Contains("token_use\nid\n", claims, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        // Back at the same URL, through /signout and CognitoLite's /logout: the page's link says when it is there.
        var signIn = page.GetByRole(AriaRole.Link, new() { Name = "Sign in" });
        await Assertions.Expect(signIn).ToBeVisibleAsync();
        await browser.Screenshot("4-signed-out-again");
        Assert.Equal(home, page.Url);
        Assert.Equal("Sign in", await page.InnerTextAsync("p"));

        // CognitoLite's login session ended too: signing in again asks for the password.
        await signIn.ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(server + "/login?", StringComparison.Ordinal));
        await browser.Screenshot("5-login-page-again");
    }

    /// <summary>The sample as its Program.cs builds it, on Kestrel at a free loopback port.</summary>
    private static async Task<WebApplication> StartSample(string server, string poolId)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cognito:Server"] = server,
            ["Cognito:UserPoolId"] = poolId,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddCognitoSignIn();
        var app = builder.Build();
        app.MapSamplePages();
        await app.StartAsync();
        return app;
    }
}
