using System.Globalization;
using System.Net;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Pages;

public sealed class LogoutTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : LogoutContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class LogoutTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : LogoutContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// The login session a sign-in at the pages opens (its cookie, which pool and user it serves, its hour) and /logout,
/// which ends it in the database so that a replayed cookie is worth nothing. The host's clock is a ManualClock.
/// </summary>
public abstract class LogoutContract(ManualClockHost fixture)
{
    private const string SignedOut = "https://app.example.com/signed-out";

    private LoginPagesClient Pages { get; } = new(fixture.Host);

    /// <summary>The attributes of a Set-Cookie header, the name=value pair left out.</summary>
    private static HashSet<string> Attributes(string setCookie) => setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).ToHashSet();

    private Task<string> SignedIn(TestClient client, string username) => Pages.SessionCookie(client, username);

    /// <summary>Another browser on the same host, with its own cookies.</summary>
    private LoginPagesClient OtherBrowser() => new(fixture.Host);

    /// <summary>A GET of /oauth2/authorize shows the sign-in form (no session served the request).</summary>
    private static void AsksToSignIn(PageAnswer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.Redirect, $"{answer.Status}\n{answer.Html}");
        Assert.StartsWith("/login?", answer.Location);
    }

    private static void GoesBackWithACode(PageAnswer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.Redirect, $"{answer.Status}\n{answer.Html}");
        Assert.StartsWith(LoginPagesClient.Callback + "?code=", answer.Location);
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_SameSite_Lax_for_the_whole_site_and_lasts_an_hour()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "amy");

        // The server's clock is ahead of the machine's, so the cookie's expiry shows which one it is reckoned by.
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        var now = fixture.Clock.GetUtcNow();
        var signedInAt = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        var xsrf = LoginPagesClient.SetCookie(login, "cognitolite-xsrf");
        var back = await Pages.Submit(login, ("username", "amy"), ("password", IdpFlows.Password));
        var session = LoginPagesClient.SetCookie(back, LoginPagesClient.SessionCookieName(client));

        Assert.NotNull(xsrf);
        Assert.Equal(["httponly", "path=/", "samesite=lax"], Attributes(xsrf).Order());
        Assert.NotNull(session);
        var attributes = Attributes(session);
        Assert.Equal(["httponly", "path=/", "samesite=lax"], attributes.Where(a => !a.StartsWith("expires=")).Order());
        // The cookie ends with the session: an hour after the sign-in by the server's clock.
        var expires = DateTimeOffset.Parse(attributes.Single(a => a.StartsWith("expires="))["expires=".Length..], CultureInfo.InvariantCulture);
        Assert.Equal(signedInAt + TimeSpan.FromHours(1), expires);
    }

    [Fact]
    public async Task Over_https_the_cookies_are_Secure()
    {
        var https = new LoginPagesClient(fixture.Host, new Uri("https://localhost/"));
        var client = await https.WebClient();
        await https.Flows.ConfirmedUser(client, "bo");

        var login = await https.Open(LoginPagesClient.AuthorizeUrl(client));
        var back = await https.Submit(login, ("username", "bo"), ("password", IdpFlows.Password));

        Assert.Contains("secure", Attributes(LoginPagesClient.SetCookie(login, "cognitolite-xsrf")!));
        Assert.Contains("secure", Attributes(LoginPagesClient.SetCookie(back, LoginPagesClient.SessionCookieName(client))!));
        GoesBackWithACode(await https.Get(LoginPagesClient.AuthorizeUrl(client)));
    }

    [Fact]
    public async Task A_session_serves_the_other_clients_of_its_pool_and_no_other_pool()
    {
        var client = await Pages.WebClient();
        var sibling = await Pages.WebClientOf(client.PoolId);
        var stranger = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "cy");
        var cookie = await SignedIn(client, "cy");

        GoesBackWithACode(await Pages.Get(LoginPagesClient.AuthorizeUrl(sibling)));
        AsksToSignIn(await Pages.Get(LoginPagesClient.AuthorizeUrl(stranger)));
        // Even under the other pool's cookie name, the session is the first pool's.
        var value = cookie[(cookie.IndexOf('=') + 1)..];
        AsksToSignIn(await Pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(stranger), $"{LoginPagesClient.SessionCookieName(stranger)}={value}"));
    }

    [Fact]
    public async Task A_disabled_or_deleted_users_session_is_not_used()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "dot");
        await Pages.Flows.ConfirmedUser(client, "eli");
        var dot = await SignedIn(client, "dot");
        var eli = await OtherBrowser().SessionCookie(client, "eli");

        await Pages.Flows.Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "dot" });
        await Pages.Flows.Aws.Idp("AdminDeleteUser", new { UserPoolId = client.PoolId, Username = "eli" });

        AsksToSignIn(await Pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(client), dot));
        AsksToSignIn(await Pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(client), eli));
        Assert.Equal("login_required", (await Pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(client, ("prompt", "none")), dot)).RedirectParameters()["error"]);
    }

    [Fact]
    public async Task A_session_ends_after_an_hour()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "fox");
        var cookie = await SignedIn(client, "fox");

        fixture.Clock.Advance(TimeSpan.FromMinutes(59));
        GoesBackWithACode(await Pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(client), cookie));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        AsksToSignIn(await Pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(client), cookie));
    }

    [Fact]
    public async Task Logout_with_one_of_the_clients_LogoutURLs_ends_the_session_in_the_database_and_goes_there()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "gus");
        var cookie = await SignedIn(client, "gus");

        var answer = await Pages.Get($"/logout?client_id={client.Id}&logout_uri={Uri.EscapeDataString(SignedOut)}");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal(SignedOut, answer.Location);
        Assert.Contains("expires=Thu, 01 Jan 1970 00:00:00 GMT", Attributes(LoginPagesClient.SetCookie(answer, LoginPagesClient.SessionCookieName(client))!));
        AsksToSignIn(await Pages.Get(LoginPagesClient.AuthorizeUrl(client)));
        // The cookie a browser (or an attacker) kept is worth nothing: the session is gone from the database.
        AsksToSignIn(await Pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(client), cookie));
        Assert.Equal("no-store", answer.Response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Logout_ends_this_browsers_session_only()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "hip");
        await SignedIn(client, "hip");
        var other = await OtherBrowser().SessionCookie(client, "hip");

        await Pages.Get($"/logout?client_id={client.Id}&logout_uri={Uri.EscapeDataString(SignedOut)}");

        GoesBackWithACode(await Pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(client), other));
    }

    [Theory]
    [InlineData("https://evil.example.com/")]
    [InlineData(LoginPagesClient.Callback)]
    [InlineData(SignedOut + "/")]
    [InlineData("https://app.example.com/signed-out?next=https://evil.example.com")]
    public async Task A_logout_uri_not_among_the_LogoutURLs_is_an_error_page_and_the_session_stays(string logoutUri)
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "ivy");
        await SignedIn(client, "ivy");

        LoginPagesClient.IsErrorPage(await Pages.Get($"/logout?client_id={client.Id}&logout_uri={Uri.EscapeDataString(logoutUri)}"), "invalid_request");

        GoesBackWithACode(await Pages.Get(LoginPagesClient.AuthorizeUrl(client)));
    }

    [Fact]
    public async Task Logout_without_a_known_client_is_an_error_page()
    {
        var client = await Pages.WebClient();
        var logoutUri = Uri.EscapeDataString(SignedOut);

        LoginPagesClient.IsErrorPage(await Pages.Get($"/logout?logout_uri={logoutUri}"), "invalid_request");
        LoginPagesClient.IsErrorPage(await Pages.Get($"/logout?client_id=nope&logout_uri={logoutUri}"), "invalid_request");
        LoginPagesClient.IsErrorPage(await Pages.Get($"/logout?client_id={client.Id}&client_id={client.Id}&logout_uri={logoutUri}"), "invalid_request");
        LoginPagesClient.IsErrorPage(await Pages.Get($"/logout?client_id={client.Id}&logout_uri={logoutUri}&logout_uri={logoutUri}"), "invalid_request");
    }

    [Fact]
    public async Task Logout_with_the_authorize_parameters_ends_the_session_and_goes_back_to_the_sign_in_page()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "jay");
        var cookie = await SignedIn(client, "jay");

        var answer = await Pages.Get(LoginPagesClient.AuthorizeUrl(client, ("state", "s-1")).Replace("/oauth2/authorize", "/logout"));

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.StartsWith("/login?", answer.Location);
        Assert.Equal("s-1", answer.RedirectParameters()["state"]);
        var login = await Pages.Open(answer.Location!);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("name=\"password\"", login.Html);
        AsksToSignIn(await Pages.GetWithCookies(LoginPagesClient.AuthorizeUrl(client), cookie));
        GoesBackWithACode(await Pages.Submit(login, ("username", "jay"), ("password", IdpFlows.Password)));
    }

    [Fact]
    public async Task Logout_with_a_redirect_uri_not_among_the_CallbackURLs_is_an_error_page_and_the_session_stays()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "kit");
        await SignedIn(client, "kit");

        var answer = await Pages.Get(LoginPagesClient.AuthorizeUrl(client, ("redirect_uri", "https://evil.example.com/")).Replace("/oauth2/authorize", "/logout"));

        LoginPagesClient.IsErrorPage(answer, "redirect_mismatch");
        GoesBackWithACode(await Pages.Get(LoginPagesClient.AuthorizeUrl(client)));
    }
}
