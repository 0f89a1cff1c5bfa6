using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.OAuth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace CognitoLite.Tests.Pages;

/// <summary>A page as the browser got it: status, headers, HTML, and the URL it was fetched from.</summary>
public sealed record PageAnswer(HttpStatusCode Status, HttpResponseMessage Response, string Html, string Url)
{
    /// <summary>The Location header as sent (Uri.ToString would undo its percent-encoding).</summary>
    public string? Location => Response.Headers.Location?.OriginalString;

    /// <summary>The query (or, for the implicit flow, fragment) parameters of the redirect back to the app.</summary>
    public Dictionary<string, string> RedirectParameters()
    {
        var location = Location ?? throw new InvalidOperationException($"No redirect: {Status}\n{Html}");
        var hash = location.IndexOf('#');
        var query = hash >= 0 ? location[(hash + 1)..] : location.Contains('?') ? location[(location.IndexOf('?') + 1)..] : "";
        return QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    /// <summary>The alert of a refused form, decoded.</summary>
    public string? Alert => Regex.Match(Html, "role=\"alert\">(.*?)</div>", RegexOptions.Singleline) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
}

/// <summary>
/// The managed login pages driven over HTTP like a browser without JavaScript: a cookie jar, no automatic redirects, and
/// forms filled by field name and posted with their hidden fields (the anti-forgery token, the challenge session).
/// </summary>
internal sealed class LoginPagesClient
{
    /// <param name="baseAddress">Where the browser goes: another host name (a pool's domain) or https; http://localhost by default.</param>
    public LoginPagesClient(CognitoHost host, Uri? baseAddress = null)
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true };
        if (baseAddress is not null) options.BaseAddress = baseAddress;
        Http = host.CreateClient(options);
        Host = host;
        OAuth = new OAuthHttp(host);
    }

    public CognitoHost Host { get; }

    public HttpClient Http { get; }
    public OAuthHttp OAuth { get; }
    public IdpFlows Flows => OAuth.Flows;

    public const string Callback = "https://app.example.com/callback";

    /// <summary>A pool and a public client for the code and implicit flows, signing users in with the pool itself.</summary>
    public async Task<TestClient> WebClient(string? poolSettings = null, string? clientSettings = null) =>
        await WebClientOf(await Flows.CreatePool(poolSettings), clientSettings);

    /// <summary>Another such client, in the given pool.</summary>
    public async Task<TestClient> WebClientOf(string poolId, string? clientSettings = null)
    {
        var settings = JsonNode.Parse(clientSettings ?? "{}")!.AsObject();
        settings["AllowedOAuthFlowsUserPoolClient"] ??= true;
        settings["AllowedOAuthFlows"] ??= new JsonArray("code", "implicit");
        settings["AllowedOAuthScopes"] ??= new JsonArray("openid", "email", "profile", "aws.cognito.signin.user.admin");
        settings["CallbackURLs"] ??= new JsonArray(Callback);
        settings["LogoutURLs"] ??= new JsonArray("https://app.example.com/signed-out");
        settings["SupportedIdentityProviders"] ??= new JsonArray("COGNITO");
        settings["ExplicitAuthFlows"] ??= new JsonArray(IdpFlows.PasswordFlows.Select(f => JsonValue.Create(f)).ToArray<JsonNode?>());
        return await Flows.CreateClient(poolId, settings.ToJsonString());
    }

    /// <summary>A PKCE verifier and its S256 challenge (RFC 7636 §4.1–4.2).</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = TestJwt.Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, TestJwt.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(TestClient client, params (string Name, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string?> { ["client_id"] = client.Id, ["response_type"] = "code", ["redirect_uri"] = Callback };
        foreach (var (name, value) in extra) parameters[name] = value;
        return QueryHelpers.AddQueryString("/oauth2/authorize", parameters);
    }

    public async Task<PageAnswer> Get(string url)
    {
        var response = await Http.GetAsync(url);
        return new PageAnswer(response.StatusCode, response, await response.Content.ReadAsStringAsync(), url);
    }

    /// <summary>GET, following redirects that stay on the server (the pages), stopping at one that leaves it (the app).</summary>
    public async Task<PageAnswer> Open(string url)
    {
        var page = await Get(url);
        while (page.Status == HttpStatusCode.Redirect && page.Location!.StartsWith('/')) page = await Get(page.Location);
        return page;
    }

    /// <summary>A GET by a browser with only these cookies (name=value; …), e.g. one replayed after the server ended its session.</summary>
    public async Task<PageAnswer> GetWithCookies(string url, string cookies)
    {
        using var http = Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = Http.BaseAddress! });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookies);
        var response = await http.SendAsync(request);
        return new PageAnswer(response.StatusCode, response, await response.Content.ReadAsStringAsync(), url);
    }

    /// <summary>A POST of exactly these fields (no hidden fields added), with this browser's cookies.</summary>
    public async Task<PageAnswer> Post(string url, params (string Name, string Value)[] fields)
    {
        var response = await Http.PostAsync(url, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));
        return new PageAnswer(response.StatusCode, response, await response.Content.ReadAsStringAsync(), url);
    }

    /// <summary>The form of a page: its action and its hidden fields (the anti-forgery token among them).</summary>
    public static (string Action, Dictionary<string, string> Hidden) FormOf(PageAnswer page)
    {
        var form = Regex.Match(page.Html, "<form method=\"post\" action=\"([^\"]*)\">(.*?)</form>", RegexOptions.Singleline);
        Assert.True(form.Success, $"No form on the page:\n{page.Html}");
        var values = Regex.Matches(form.Groups[2].Value, "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        return (WebUtility.HtmlDecode(form.Groups[1].Value), values);
    }

    /// <summary>Submits the page's form with these fields set (others as the page gave them), following redirects on the server.</summary>
    public async Task<PageAnswer> Submit(PageAnswer page, params (string Name, string Value)[] fields)
    {
        var (action, values) = FormOf(page);
        foreach (var (name, value) in fields) values[name] = value;
        var answer = await Post(action, [.. values.Select(v => (v.Key, v.Value))]);
        return answer.Status == HttpStatusCode.Redirect && answer.Location!.StartsWith('/') ? await Open(answer.Location) : answer;
    }

    /// <summary>Signs in at the pages from /oauth2/authorize and returns the redirect back to the app.</summary>
    public async Task<PageAnswer> SignIn(string authorizeUrl, string username, string password = IdpFlows.Password)
    {
        var login = await Open(authorizeUrl);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        return await Submit(login, ("username", username), ("password", password));
    }

    /// <summary>Signs in at the pages and returns the code the app got back.</summary>
    public async Task<string> Code(TestClient client, string username, params (string Name, string Value)[] extra)
    {
        var back = await SignIn(AuthorizeUrl(client, extra), username);
        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        return back.RedirectParameters()["code"];
    }

    /// <summary>Signs in at the pages; returns the login session cookie this browser got, as name=value.</summary>
    public async Task<string> SessionCookie(TestClient client, string username)
    {
        var back = await SignIn(AuthorizeUrl(client), username);
        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        return SetCookie(back, SessionCookieName(client))!.Split(';')[0];
    }

    /// <summary>An error page of the pages: 400 HTML naming the error, and no redirect anywhere (not an open redirector).</summary>
    public static void IsErrorPage(PageAnswer page, string error, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        Assert.True(status == page.Status, $"Expected {status}, got {page.Status} {page.Location}\n{page.Html}");
        Assert.Null(page.Location);
        Assert.StartsWith("text/html", page.Response.Content.Headers.ContentType?.ToString());
        Assert.EndsWith($"({error})", page.Alert);
    }

    /// <summary>The Set-Cookie header of an answer for this cookie, whole (value and attributes), or null.</summary>
    public static string? SetCookie(PageAnswer page, string name) =>
        page.Response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) : null;

    public static string SessionCookieName(TestClient client) => $"cognitolite-session-{client.PoolId}";

    /// <summary>The code flow's exchange at /oauth2/token.</summary>
    public Task<OAuthAnswer> Exchange(TestClient client, string code, string? verifier = null, string redirectUri = Callback)
    {
        var form = new List<(string, string)> { ("grant_type", "authorization_code"), ("client_id", client.Id), ("code", code), ("redirect_uri", redirectUri) };
        if (verifier is not null) form.Add(("code_verifier", verifier));
        return OAuth.Token(client.Secret is null ? null : OAuthHttp.Basic(client.Id, client.Secret), [.. form]);
    }
}
