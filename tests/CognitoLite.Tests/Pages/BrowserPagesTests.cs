using System.Net;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Mfa;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace CognitoLite.Tests.Pages;

/// <summary>
/// The managed login pages in Debian's Chromium, found and filled by their labels and buttons as a person (or a screen
/// reader) finds them, with a screenshot of each page. The app is the server's own home page: the client's callback
/// http://localhost:port/ is a page that exists, so the browser's address after the sign-in is the redirect with the code.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class BrowserPagesTests(Chromium chromium, KestrelHost<OnSqlite> fixture) : IClassFixture<KestrelHost<OnSqlite>>
{
    private const string Password = IdpFlows.Password;

    private readonly LoginPagesClient _pages = new(fixture.Host);

    [Fact]
    public async Task Sign_up_confirm_with_the_emailed_code_sign_in_and_exchange_the_code()
    {
        var app = new BrowserApp(fixture.Host);
        var client = await app.Client(_pages, SignUpPagesContract.RequiredAttributesPool);
        await using var browser = await chromium.NewPage(app.Site);
        var page = browser.Page;
        var violations = BrowserApp.PolicyViolations(page);

        await page.GotoAsync(app.AuthorizeUrl(client, ("state", "b-1")));
        await browser.Screenshot("01-sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Need an account? Sign up" }).ClickAsync();
        await BrowserApp.Heading(page, "Sign up");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("nina");
        await page.GetByLabel("Given name", new() { Exact = true }).FillAsync("Nina");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("nina@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(Password + "x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        Assert.Equal("The passwords do not match.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        await browser.Screenshot("02-sign-up-refused");

        Assert.Equal("nina", await page.GetByLabel("Username", new() { Exact = true }).InputValueAsync());
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync(Password);
        await browser.Screenshot("03-sign-up");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await BrowserApp.Heading(page, "Confirm your account");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await _pages.Flows.LatestCode(client.PoolId, "nina"));
        await browser.Screenshot("04-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm account" }).ClickAsync();

        await BrowserApp.Heading(page, "Sign in");
        Assert.Contains("Your account is confirmed. Sign in.", await page.InnerTextAsync("main"));
        Assert.Equal("nina", await page.GetByLabel("Username", new() { Exact = true }).InputValueAsync());
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await browser.Screenshot("05-sign-in-confirmed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        var parameters = await app.Callback(page);
        await browser.Screenshot("06-app");
        Assert.Equal("b-1", parameters["state"]);
        var tokens = await _pages.Exchange(client, parameters["code"], redirectUri: app.CallbackUrl);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("Nina", TestJwt.Claims(tokens.Body!["id_token"].Str())["given_name"].Str());
        Assert.Empty(violations);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_and_the_new_one_signs_in()
    {
        var app = new BrowserApp(fixture.Host);
        var client = await app.Client(_pages, """{ "AutoVerifiedAttributes": ["email"] }""");
        await _pages.Flows.VerifiedUser(client, "omar", "omar@example.com");
        const string newPassword = "N3w-passw0rd!";
        await using var browser = await chromium.NewPage(app.Site);
        var page = browser.Page;
        var violations = BrowserApp.PolicyViolations(page);

        await page.GotoAsync(app.AuthorizeUrl(client));
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("omar");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        Assert.Equal("Incorrect username or password.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        await browser.Screenshot("01-sign-in-refused");

        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await BrowserApp.Heading(page, "Forgot your password?");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("omar");
        await browser.Screenshot("02-forgot-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset my password" }).ClickAsync();

        await BrowserApp.Heading(page, "Reset your password");
        Assert.Contains("We sent a code by email to o***@e***.", await page.InnerTextAsync("main"));
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await _pages.Flows.LatestCode(client.PoolId, "omar"));
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Confirm new password", new() { Exact = true }).FillAsync(newPassword);
        await browser.Screenshot("03-reset-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await BrowserApp.Heading(page, "Sign in");
        Assert.Contains("Your password has been changed.", await page.InnerTextAsync("main"));
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(newPassword);
        await browser.Screenshot("04-sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        var parameters = await app.Callback(page);
        Assert.Equal(HttpStatusCode.OK, (await _pages.Exchange(client, parameters["code"], redirectUri: app.CallbackUrl)).Status);
        Assert.Empty(violations);
    }

    [Fact]
    public async Task The_classic_customisation_and_a_managed_login_style_are_what_the_browser_shows()
    {
        var app = new BrowserApp(fixture.Host);
        var classic = await app.Client(_pages);
        await _pages.Flows.Aws.Idp("SetUICustomization", new
        {
            UserPoolId = classic.PoolId,
            CSS = ".submitButton-customizable { background-color: #ff9900; } .background-customizable { background-color: #e0f0ff; }",
            ImageFile = BrowserApp.LogoPng,
        });
        var styled = await app.Client(_pages);
        await _pages.Flows.Aws.Idp("CreateUserPoolDomain", new { UserPoolId = styled.PoolId, Domain = "b" + Guid.NewGuid().ToString("N")[..12], ManagedLoginVersion = 2 });
        await _pages.Flows.Aws.Idp("CreateManagedLoginBranding", $$"""
            {
              "UserPoolId": "{{styled.PoolId}}", "ClientId": "{{styled.Id}}",
              "Settings": { "components": {
                "primaryButton": { "lightMode": { "defaults": { "backgroundColor": "037f0cff", "textColor": "ffffffff" } } },
                "pageBackground": { "lightMode": { "color": "f2fcf3ff" } },
                "form": { "borderRadius": 16.0, "lightMode": { "backgroundColor": "ffffffff", "borderColor": "037f0cff" } } } },
              "Assets": [ { "Category": "FORM_LOGO", "ColorMode": "LIGHT", "Extension": "SVG", "Bytes": "{{BrowserApp.LogoSvg}}" } ]
            }
            """);
        await using var browser = await chromium.NewPage(app.Site);
        var page = browser.Page;
        var violations = BrowserApp.PolicyViolations(page);

        await page.GotoAsync(app.AuthorizeUrl(classic));
        Assert.Equal("rgb(255, 153, 0)", await BrowserApp.Style(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }), "backgroundColor"));
        Assert.Equal("rgb(224, 240, 255)", await BrowserApp.Style(page.Locator("body"), "backgroundColor"));
        Assert.True(await page.Locator("img.logo-customizable").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await browser.Screenshot("01-classic");

        await page.GotoAsync(app.AuthorizeUrl(styled));
        Assert.Equal("rgb(3, 127, 12)", await BrowserApp.Style(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }), "backgroundColor"));
        Assert.Equal("16px", await BrowserApp.Style(page.Locator("main"), "borderTopLeftRadius"));
        Assert.True(await page.Locator("img.logo-customizable").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await browser.Screenshot("02-managed-login");
        Assert.Empty(violations);
    }
}

/// <summary>The TOTP pages in Chromium, on a host whose clock the test moves, so that the second sign-in has a new code.</summary>
[Collection(BrowserTests.Name)]
public sealed class BrowserMfaPagesTests(Chromium chromium, ManualClockKestrelHost fixture) : IClassFixture<ManualClockKestrelHost>
{
    private readonly LoginPagesClient _pages = new(fixture.Host);
    private readonly MfaFlows _mfa = new(fixture);

    [Fact]
    public async Task An_authenticator_app_is_set_up_from_the_page_and_its_codes_sign_the_user_in()
    {
        var app = new BrowserApp(fixture.Host);
        var client = await app.Client(_pages, """{ "AutoVerifiedAttributes": ["email"] }""");
        await _pages.Flows.Aws.Idp("SetUserPoolMfaConfig", new { UserPoolId = client.PoolId, MfaConfiguration = "ON", SoftwareTokenMfaConfiguration = new { Enabled = true } });
        await _mfa.User(client, "pia", phone: false);
        await using var browser = await chromium.NewPage(app.Site);
        var page = browser.Page;
        var violations = BrowserApp.PolicyViolations(page);

        await page.GotoAsync(app.AuthorizeUrl(client));
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("pia");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(IdpFlows.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await BrowserApp.Heading(page, "Set up an authenticator app");
        var qr = await page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" }).BoundingBoxAsync();
        Assert.True(qr is { Width: >= 150, Height: >= 150 }, $"QR code box: {qr?.Width}x{qr?.Height}");
        var secret = await page.Locator("#secret").InnerTextAsync();
        await browser.Screenshot("01-set-up-authenticator");
        await page.GetByLabel("Code from your authenticator app", new() { Exact = true }).FillAsync(_mfa.WrongCode(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();
        Assert.Equal("The code does not match. Enter the code your authenticator app shows now.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal(secret, await page.Locator("#secret").InnerTextAsync());
        await page.GetByLabel("Code from your authenticator app", new() { Exact = true }).FillAsync(_mfa.Code(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();
        var first = await app.Callback(page);
        Assert.Equal(HttpStatusCode.OK, (await _pages.Exchange(client, first["code"], redirectUri: app.CallbackUrl)).Status);

        _mfa.Clock.Advance(TimeSpan.FromSeconds(30));
        await page.GotoAsync(app.AuthorizeUrl(client, ("prompt", "login")));
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync("pia");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(IdpFlows.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await BrowserApp.Heading(page, "Multi-factor authentication");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(_mfa.Code(secret));
        await browser.Screenshot("02-authenticator-code");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        var second = await app.Callback(page);
        Assert.Equal(HttpStatusCode.OK, (await _pages.Exchange(client, second["code"], redirectUri: app.CallbackUrl)).Status);
        Assert.Empty(violations);
    }
}

/// <summary>A host on Kestrel whose clock stands still until the test moves it.</summary>
public sealed class ManualClockKestrelHost : ManualClockHost
{
    public override Store Store => Store.Sqlite;

    protected override bool Kestrel => true;
}

/// <summary>
/// The browser's side of a test: the pages at http://localhost:port (so that http is allowed in the client's callback
/// URL) and the app at the server's home page.
/// </summary>
internal sealed class BrowserApp(CognitoHost host)
{
    /// <summary>A 1×1 PNG.</summary>
    public const string LogoPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    public static readonly string LogoSvg = Convert.ToBase64String("""
        <svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><rect width="160" height="40" rx="6" fill="#037f0c"/><text x="80" y="27" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">Acme</text></svg>
        """u8.ToArray());

    public Uri Site { get; } = new UriBuilder(host.Address) { Host = "localhost" }.Uri;

    public string CallbackUrl => Site.ToString();

    public Task<TestClient> Client(LoginPagesClient pages, string? poolSettings = null) =>
        pages.WebClient(poolSettings, $$"""{ "CallbackURLs": ["{{CallbackUrl}}"] }""");

    public string AuthorizeUrl(TestClient client, params (string Name, string Value)[] extra) =>
        new Uri(Site, LoginPagesClient.AuthorizeUrl(client, [("redirect_uri", CallbackUrl), .. extra])).ToString();

    /// <summary>Waits for the app's page and returns the parameters the redirect brought.</summary>
    public async Task<Dictionary<string, string>> Callback(IPage page)
    {
        try
        {
            await page.WaitForURLAsync(url => url.StartsWith(CallbackUrl + "?", StringComparison.Ordinal));
        }
        catch (TimeoutException timeout)
        {
            // Where the browser stopped instead, so that a failure in CI says what the page showed.
            string text;
            try
            {
                text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5000 });
            }
            catch (Exception unreadable) when (unreadable is PlaywrightException or TimeoutException)
            {
                text = $"(unreadable: {unreadable.Message})";
            }
            throw new TimeoutException($"{timeout.Message}\nThe page stayed at {page.Url}:\n{text[..Math.Min(text.Length, 2000)]}", timeout);
        }
        return QueryHelpers.ParseQuery(new Uri(page.Url).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public static Task Heading(IPage page, string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true }).WaitForAsync();

    public static Task<string> Style(ILocator element, string property) => element.EvaluateAsync<string>($"e => getComputedStyle(e).{property}");

    /// <summary>The console's reports of what the Content-Security-Policy blocked (a style without the nonce, an image from elsewhere).</summary>
    public static List<string> PolicyViolations(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        return violations;
    }
}
