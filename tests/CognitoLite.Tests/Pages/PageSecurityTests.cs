using System.Net;
using System.Text.RegularExpressions;
using CognitoLite.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace CognitoLite.Tests.Pages;

public sealed class PageSecurityTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : PageSecurityContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class PageSecurityTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : PageSecurityContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// What protects the pages and their users: the security headers, the one-time anti-forgery token of every POST,
/// HTML-encoding of every reflected value, no user enumeration where the client asks for it, and the API's lockout.
/// The host's clock is a ManualClock.
/// </summary>
public abstract class PageSecurityContract(ManualClockHost fixture)
{
    private const string Incorrect = "Incorrect username or password.";

    private LoginPagesClient Pages { get; } = new(fixture.Host);

    private static void HasSecurityHeaders(PageAnswer page)
    {
        var headers = page.Response.Headers;
        Assert.Equal("no-store", headers.CacheControl?.ToString());
        Assert.Equal("DENY", headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", headers.GetValues("Referrer-Policy").Single());
    }

    /// <summary>The exact policy, its style nonce the one of the page's only style element, and no script at all.</summary>
    private static void HasContentSecurityPolicy(PageAnswer page)
    {
        var policy = page.Response.Headers.GetValues("Content-Security-Policy").Single();
        var match = Regex.Match(policy, "^default-src 'none'; style-src 'nonce-([A-Za-z0-9+/=]{24})'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'$");
        Assert.True(match.Success, policy);
        Assert.Equal([match.Groups[1].Value], Regex.Matches(page.Html, "<style nonce=\"([^\"]*)\">").Select(m => m.Groups[1].Value));
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The sign-in was refused with the 403 page: no redirect, no login session.</summary>
    private async Task IsRefusedAsForged(PageAnswer answer, TestClient client)
    {
        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Null(answer.Location);
        Assert.Null(LoginPagesClient.SetCookie(answer, LoginPagesClient.SessionCookieName(client)));
        Assert.NotNull(answer.Alert);
        HasSecurityHeaders(answer);
        Assert.StartsWith("/login?", (await Pages.Get(LoginPagesClient.AuthorizeUrl(client))).Location);
    }

    [Fact]
    public async Task The_sign_in_page_the_error_page_and_the_redirect_to_the_app_carry_the_security_headers()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "ann");

        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        HasSecurityHeaders(login);
        HasContentSecurityPolicy(login);
        var error = await Pages.Get("/oauth2/authorize?client_id=nope");
        HasSecurityHeaders(error);
        HasContentSecurityPolicy(error);
        var back = await Pages.Submit(login, ("username", "ann"), ("password", IdpFlows.Password));
        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        HasSecurityHeaders(back);

        var another = await Pages.Open(LoginPagesClient.AuthorizeUrl(await Pages.WebClient()));
        Assert.NotEqual(login.Response.Headers.GetValues("Content-Security-Policy").Single(), another.Response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_POST_without_an_anti_forgery_token_or_with_a_forged_one_is_refused()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "ben");
        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        var (action, hidden) = LoginPagesClient.FormOf(login);
        var token = hidden["_csrf"];
        var parts = token.Split('.');
        (string, string)[] credentials = [("username", "ben"), ("password", IdpFlows.Password)];

        await IsRefusedAsForged(await Pages.Post(action, credentials), client);
        await IsRefusedAsForged(await Pages.Post(action, [.. credentials, ("_csrf", "")]), client);
        await IsRefusedAsForged(await Pages.Post(action, [.. credentials, ("_csrf", "forged")]), client);
        // A fresh nonce, or a later expiry, under the token's signature.
        await IsRefusedAsForged(await Pages.Post(action, [.. credentials, ("_csrf", $"{new string('0', 32)}.{parts[1]}.{parts[2]}")]), client);
        await IsRefusedAsForged(await Pages.Post(action, [.. credentials, ("_csrf", $"{parts[0]}.{long.Parse(parts[1]) + 3600}.{parts[2]}")]), client);
        await IsRefusedAsForged(await Pages.Post(action, [.. credentials, ("_csrf", $"{parts[0]}.{parts[1]}.{parts[2][..^1]}{(parts[2][^1] == '0' ? '1' : '0')}")]), client);
        await IsRefusedAsForged(await Pages.Post(action, [.. credentials, ("_csrf", token), ("_csrf", token)]), client);

        // The token itself was not spent by those attempts.
        Assert.Equal(HttpStatusCode.Redirect, (await Pages.Post(action, [.. credentials, ("_csrf", token)])).Status);
    }

    [Fact]
    public async Task A_form_token_is_good_for_one_POST()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "cal");
        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));

        var wrong = await Pages.Submit(login, ("username", "cal"), ("password", "Wr0ng-password"));
        Assert.Equal(Incorrect, wrong.Alert);

        await IsRefusedAsForged(await Pages.Submit(login, ("username", "cal"), ("password", IdpFlows.Password)), client);
        Assert.Equal(HttpStatusCode.Redirect, (await Pages.Submit(wrong, ("username", "cal"), ("password", IdpFlows.Password))).Status);
    }

    [Fact]
    public async Task A_form_token_posted_several_times_at_once_signs_in_once()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "cy");
        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        var (action, hidden) = LoginPagesClient.FormOf(login);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Pages.Post(action, ("_csrf", hidden["_csrf"]), ("username", "cy"), ("password", IdpFlows.Password))));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Redirect);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.Redirect), a => Assert.Equal(HttpStatusCode.Forbidden, a.Status));
    }

    [Fact]
    public async Task A_form_token_of_another_browser_is_refused()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "dee");
        var victim = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        var (action, hidden) = LoginPagesClient.FormOf(victim);

        // An attacker's page posting the form from its own browser, which has its own anti-forgery cookie or none at all.
        var attacker = new LoginPagesClient(fixture.Host);
        await attacker.Open(LoginPagesClient.AuthorizeUrl(client));
        var posted = await attacker.Post(action, ("_csrf", hidden["_csrf"]), ("username", "dee"), ("password", IdpFlows.Password));
        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.Null(LoginPagesClient.SetCookie(posted, LoginPagesClient.SessionCookieName(client)));
        var cookieless = new LoginPagesClient(fixture.Host);
        Assert.Equal(HttpStatusCode.Forbidden, (await cookieless.Post(action, ("_csrf", hidden["_csrf"]), ("username", "dee"), ("password", IdpFlows.Password))).Status);

        Assert.Equal(HttpStatusCode.Redirect, (await Pages.Submit(victim, ("username", "dee"), ("password", IdpFlows.Password))).Status);
    }

    [Fact]
    public async Task A_form_the_server_cannot_read_is_answered_with_the_error_page()
    {
        var client = await Pages.WebClient();
        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        var (action, hidden) = LoginPagesClient.FormOf(login);

        foreach (var coding in new[] { "bogus", "gzip" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, action)
            {
                Content = new FormUrlEncodedContent([KeyValuePair.Create("_csrf", hidden["_csrf"]), KeyValuePair.Create("username", "x")]),
            };
            request.Content.Headers.ContentEncoding.Add(coding);
            var response = await Pages.Http.SendAsync(request);
            var page = new PageAnswer(response.StatusCode, response, await response.Content.ReadAsStringAsync(), action);

            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
            Assert.NotNull(page.Alert);
            HasSecurityHeaders(page);
            HasContentSecurityPolicy(page);
        }
    }

    [Fact]
    public async Task A_form_token_expires_after_an_hour()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "eve");
        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));

        fixture.Clock.Advance(TimeSpan.FromHours(1));

        await IsRefusedAsForged(await Pages.Submit(login, ("username", "eve"), ("password", IdpFlows.Password)), client);
    }

    [Fact]
    public async Task Reflected_values_are_HTML_encoded()
    {
        const string hostile = "\"><script>alert(1)</script><x a='";
        var client = await Pages.WebClient();
        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("state", hostile), ("nonce", hostile), ("lang", hostile)));

        var refused = await Pages.Submit(login, ("username", hostile), ("password", "Wr0ng-password"));

        foreach (var page in new[] { login, refused })
        {
            Assert.DoesNotContain(hostile, page.Html);
            Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<x a=", page.Html);
        }
        Assert.Contains("<html lang=\"en\">", login.Html);
        // The values survive the round trip: the form posts the state back, the username field keeps what was typed.
        var action = LoginPagesClient.FormOf(refused).Action;
        Assert.Equal(hostile, QueryHelpers.ParseQuery(action[action.IndexOf('?')..])["state"].ToString());
        Assert.Contains($"value=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(hostile)}\"", refused.Html);
    }

    [Fact]
    public async Task A_state_with_line_breaks_cannot_split_the_redirect_header()
    {
        const string state = "s\r\nSet-Cookie: injected=1\r\n";
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "fay");

        var back = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client, ("state", state)), "fay");

        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        Assert.Equal(state, back.RedirectParameters()["state"]);
        Assert.Null(LoginPagesClient.SetCookie(back, "injected"));
        var error = await Pages.Get(LoginPagesClient.AuthorizeUrl(client, ("state", state), ("scope", "phone")));
        Assert.Equal(state, error.RedirectParameters()["state"]);
        Assert.Null(LoginPagesClient.SetCookie(error, "injected"));
    }

    [Fact]
    public async Task With_PreventUserExistenceErrors_an_unknown_user_and_a_wrong_password_read_the_same()
    {
        var client = await Pages.WebClient(clientSettings: """{ "PreventUserExistenceErrors": "ENABLED" }""");
        await Pages.Flows.ConfirmedUser(client, "gil");

        var unknown = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "nobody", "Wr0ng-password");
        var wrong = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "gil", "Wr0ng-password");

        Assert.Equal(Incorrect, unknown.Alert);
        Assert.Equal(Incorrect, wrong.Alert);
        Assert.Equal(unknown.Status, wrong.Status);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
    }

    [Fact]
    public async Task With_legacy_user_existence_errors_an_unknown_user_is_named_as_the_API_names_it()
    {
        var client = await Pages.WebClient(clientSettings: """{ "PreventUserExistenceErrors": "LEGACY" }""");

        var unknown = await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "nobody", "Wr0ng-password");

        Assert.Equal("User does not exist.", unknown.Alert);
        Assert.Equal("nobody", Regex.Match(unknown.Html, "name=\"username\" type=\"text\" value=\"([^\"]*)\"").Groups[1].Value);
    }

    [Fact]
    public async Task Wrong_passwords_at_the_page_lock_the_account_as_the_API_does()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "hal");

        for (var i = 0; i < 5; i++)
            Assert.Equal(Incorrect, (await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "hal", "Wr0ng-password")).Alert);

        Assert.Equal("Password attempts exceeded", (await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "hal")).Alert);
        await IdpFlows.Refused("NotAuthorizedException", () => Pages.Flows.SignIn(client, "hal"), "Password attempts exceeded");

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Redirect, (await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "hal")).Status);
    }

    [Fact]
    public async Task API_failures_count_towards_the_lockout_at_the_page()
    {
        var client = await Pages.WebClient();
        await Pages.Flows.ConfirmedUser(client, "ida");

        for (var i = 0; i < 5; i++)
            await IdpFlows.Refused("NotAuthorizedException", () => Pages.Flows.SignIn(client, "ida", "Wr0ng-password"), Incorrect);

        Assert.Equal("Password attempts exceeded", (await Pages.SignIn(LoginPagesClient.AuthorizeUrl(client), "ida")).Alert);
    }
}
