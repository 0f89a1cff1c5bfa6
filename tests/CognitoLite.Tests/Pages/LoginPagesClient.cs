using System.Net;
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
    public string? Location => Response.Headers.Location?.ToString();

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
    public LoginPagesClient(CognitoHost host)
    {
        Http = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        OAuth = new OAuthHttp(host);
    }

    public HttpClient Http { get; }
    public OAuthHttp OAuth { get; }
    public IdpFlows Flows => OAuth.Flows;

    public const string Callback = "https://app.example.com/callback";

    /// <summary>A pool and a public client for the code and implicit flows, signing users in with the pool itself.</summary>
    public async Task<TestClient> WebClient(string? poolSettings = null, string? clientSettings = null)
    {
        var poolId = await Flows.CreatePool(poolSettings);
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

    /// <summary>Submits the page's form with these fields set (others as the page gave them), following redirects on the server.</summary>
    public async Task<PageAnswer> Submit(PageAnswer page, params (string Name, string Value)[] fields)
    {
        var form = Regex.Match(page.Html, "<form method=\"post\" action=\"([^\"]*)\">(.*?)</form>", RegexOptions.Singleline);
        Assert.True(form.Success, $"No form on the page:\n{page.Html}");
        var values = Regex.Matches(form.Groups[2].Value, "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (name, value) in fields) values[name] = value;
        var response = await Http.PostAsync(WebUtility.HtmlDecode(form.Groups[1].Value), new FormUrlEncodedContent(values));
        var answer = new PageAnswer(response.StatusCode, response, await response.Content.ReadAsStringAsync(), form.Groups[1].Value);
        return answer.Status == HttpStatusCode.Redirect && answer.Location!.StartsWith('/') ? await Open(answer.Location) : answer;
    }

    /// <summary>Signs in at the pages from /oauth2/authorize and returns the redirect back to the app.</summary>
    public async Task<PageAnswer> SignIn(string authorizeUrl, string username, string password = IdpFlows.Password)
    {
        var login = await Open(authorizeUrl);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        return await Submit(login, ("username", username), ("password", password));
    }

    /// <summary>The code flow's exchange at /oauth2/token.</summary>
    public Task<OAuthAnswer> Exchange(TestClient client, string code, string? verifier = null, string redirectUri = Callback)
    {
        var form = new List<(string, string)> { ("grant_type", "authorization_code"), ("client_id", client.Id), ("code", code), ("redirect_uri", redirectUri) };
        if (verifier is not null) form.Add(("code_verifier", verifier));
        return OAuth.Token(client.Secret is null ? null : OAuthHttp.Basic(client.Id, client.Secret), [.. form]);
    }
}
