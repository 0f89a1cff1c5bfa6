using CognitoLite.Core;
using CognitoLite.Core.Auth;
using CognitoLite.Core.Federation;
using CognitoLite.Core.OAuth;
using CognitoLite.Core.Storage;
using CognitoLite.Server.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using static CognitoLite.Server.Pages.Html;

namespace CognitoLite.Server.Pages;

/// <summary>
/// One request to the managed login pages: its checked authorize request, the browser's cookies (the login session of the
/// pool, the anti-forgery key) and what a page answers with. Security headers go on every answer.
/// </summary>
internal sealed class Page
{
    private const string BrowserCookie = "cognitolite-xsrf";
    private readonly HttpContext http;
    private readonly string nonce = NewNonce();
    private string? browserKey;
    private PageLook? branding;

    private Page(HttpContext http, AuthorizeRequest request)
    {
        this.http = http;
        Request = request;
        Login = http.RequestServices.GetRequiredService<ManagedLogin>();
        Auth = http.RequestServices.GetRequiredService<AuthService>();
        browserKey = http.Request.Cookies[BrowserCookie];
    }

    public AuthorizeRequest Request { get; }
    public ManagedLogin Login { get; }
    public AuthService Auth { get; }
    public IServiceProvider Services => http.RequestServices;
    public CancellationToken Aborted => http.RequestAborted;

    private static string SessionCookieOf(string poolId) => $"cognitolite-session-{poolId}";
    private string SessionCookieName => SessionCookieOf(Request.Pool.Id);
    public string? SessionCookie => http.Request.Cookies[SessionCookieName];
    private Dictionary<string, StringValues>? form;

    /// <summary>
    /// Runs a page: the authorize request is checked first (from the query string), and an error before the client and its
    /// redirect_uri are trusted is an error page, after that a redirect back to the app with `error`.
    /// </summary>
    public static Task Run(HttpContext http, Func<Page, Task<IResult>> handle) => Run(http, async () =>
    {
        var authorization = http.RequestServices.GetRequiredService<Authorization>();
        var host = await authorization.PoolOfHost(http.Request.Host.Host, http.RequestAborted);
        return await authorization.Check(name => Single(http.Request.Query, name), host, http.RequestAborted);
    }, handle, formToken: true);

    /// <summary>
    /// The end of a sign-in through an external provider: the provider's answer, not a form of ours, so no anti-forgery
    /// token; the user it signed in gets the login session and goes back to the app.
    /// </summary>
    public static Task Federated(HttpContext http, Func<Task<(AuthorizeRequest Request, User User)>> signIn)
    {
        User? user = null;
        return Run(http, async () =>
        {
            (var request, user) = await signIn();
            return request;
        }, page => page.Step(new PageSignIn(null, user)), formToken: false);
    }

    /// <summary>
    /// An OAuth 2.0 provider's answer at /oauth2/idpresponse (its query, or the form it posted, as Apple does) and this
    /// browser's binding go to <paramref name="signIn"/>, as in <see cref="Federated"/>. A posted answer that came without
    /// the binding cookie is first posted again from this site (<see cref="PostAgain"/>).
    /// </summary>
    public static async Task ProviderAnswer(HttpContext http, Func<Func<string, string?>, string?, Task<(AuthorizeRequest Request, User User)>> signIn)
    {
        var answer = http.Request.Query;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            SecurityHeaders(http);
            try
            {
                answer = new QueryCollection(QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(RequestBody.Decode(http.Request, await RequestBody.Read(http.Request, http.RequestAborted)))));
            }
            catch (CognitoException error) when (error.Status < 500)
            {
                await StandaloneError(http, FormProblem(error), error.Status).ExecuteAsync(http);
                return;
            }
            if (FederatedSignInBinding(http) is null && !answer.ContainsKey(PostedAgainField))
            {
                await PostAgain(http, answer).ExecuteAsync(http);
                return;
            }
        }
        await Federated(http, () => signIn(name => Single(answer, name), FederatedSignInBinding(http)));
    }

    private const string PostedAgainField = "_posted_again";

    /// <summary>
    /// A provider that answers with a form POST from its own site (Apple's response_mode=form_post) sends a cross-site POST,
    /// and over http the binding cookie is SameSite=Lax, which such a POST leaves behind. This page posts the same answer
    /// again, from this site: a same-site POST, which carries the cookie, so the answer is still checked against the browser
    /// that began the sign-in (an answer from another browser fails there as any other would). A script sends it at once;
    /// without scripts the button does. An answer posted again that still has no cookie goes on, and fails the check.
    /// </summary>
    private static IResult PostAgain(HttpContext http, IQueryCollection answer)
    {
        var nonce = NewNonce();
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";
        var fields = string.Concat(answer.SelectMany(field => field.Value.Select(value => Hidden(field.Key, value ?? ""))));
        var body = $"""
            <form method="post" action="{FederatedSignIn.IdpResponsePath}">{fields}{Hidden(PostedAgainField, "1")}{Note("Finishing your sign-in.")}{Button("Continue")}</form>
            <script nonce="{nonce}">document.forms[0].submit();</script>
            """;
        return Results.Content(Html.Page("Signing in", body, nonce, null, null), "text/html; charset=utf-8");
    }

    private static async Task Run(HttpContext http, Func<Task<AuthorizeRequest>> check, Func<Page, Task<IResult>> handle, bool formToken)
    {
        SecurityHeaders(http);
        IResult result;
        Page? page = null;
        try
        {
            page = new Page(http, await check());
            page.branding = await http.RequestServices.GetRequiredService<PageLooks>().Of(page.Request, http.Request.Host.Host, http.RequestAborted);
            if (formToken && http.Request.Method == HttpMethods.Post && !await page.SpendFormToken())
                result = page.ErrorPage("The form has expired or was already sent. Go back to the sign-in page and try again.", 403);
            else
                result = await handle(page);
        }
        catch (AuthorizeException error) when (error.RedirectUri is not null)
        {
            var parameters = new List<KeyValuePair<string, string>> { new("error", error.Error), new("error_description", error.Message) };
            if (error.State is not null) parameters.Add(new("state", error.State));
            result = Results.Redirect(ManagedLogin.WithParameters(error.RedirectUri, parameters, error.Fragment));
        }
        catch (AuthorizeException error)
        {
            result = StandaloneError(http, $"{error.Message} ({error.Error})");
        }
        catch (CognitoException error) when (error.Status < 500)
        {
            result = page?.ErrorPage(FormProblem(error), error.Status) ?? StandaloneError(http, FormProblem(error), error.Status);
        }
        await result.ExecuteAsync(http);
    }

    /// <summary>
    /// /logout with client_id and a logout_uri among the client's LogoutURLs: the pool's login session ends and the browser
    /// goes to logout_uri. (With the authorize parameters instead, /logout goes through <see cref="Run"/> back to the sign-in page.)
    /// </summary>
    public static async Task SignOut(HttpContext http, string logoutUri)
    {
        SecurityHeaders(http);
        IResult result;
        try
        {
            var authorization = http.RequestServices.GetRequiredService<Authorization>();
            var host = await authorization.PoolOfHost(http.Request.Host.Host, http.RequestAborted);
            var (pool, client) = await authorization.Client(Single(http.Request.Query, "client_id"), host, http.RequestAborted);
            if (client.Settings.LogoutURLs?.Contains(logoutUri, StringComparer.Ordinal) != true)
                throw new AuthorizeException("invalid_request", "logout_uri is not one of the client's sign-out URLs.");
            var cookie = SessionCookieOf(pool.Id);
            await http.RequestServices.GetRequiredService<ManagedLogin>().EndSession(http.Request.Cookies[cookie], http.RequestAborted);
            http.Response.Cookies.Delete(cookie, CookieFor(http, expires: null));
            result = Results.Redirect(logoutUri);
        }
        catch (AuthorizeException error)
        {
            result = StandaloneError(http, $"{error.Message} ({error.Error})");
        }
        await result.ExecuteAsync(http);
    }

    /// <summary>A form the server cannot read (too large, an unknown Content-Encoding) is a page, not the API's JSON.</summary>
    private static string FormProblem(CognitoException error) => error.Status == 413 ? "The form is too large." : error.Message;

    public static string? Single(IQueryCollection query, string name) =>
        !query.TryGetValue(name, out var values) ? null
        : values.Count == 1 ? values[0]
        : throw new AuthorizeException("invalid_request", $"{name} is given more than once.");

    /// <summary>The form of a POST, read with the server's body limit.</summary>
    public async Task<Dictionary<string, StringValues>> Form()
    {
        if (form is not null) return form;
        var body = RequestBody.Decode(http.Request, await RequestBody.Read(http.Request, Aborted));
        return form = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
    }

    /// <summary>A path of the pages with the authorize request as its query string.</summary>
    public string PathFor(string path) => QueryHelpers.AddQueryString(path, Request.Parameters().Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));

    /// <summary>A form token for this browser; the browser gets its anti-forgery cookie with the first form.</summary>
    public string FormToken()
    {
        if (browserKey is null)
        {
            browserKey = ManagedLogin.NewBrowserKey();
            http.Response.Cookies.Append(BrowserCookie, browserKey, Cookie(expires: null));
        }
        return Login.FormToken(browserKey);
    }

    private async Task<bool> SpendFormToken()
    {
        var form = await Form();
        return await Login.SpendFormToken(browserKey, form.TryGetValue("_csrf", out var token) ? token.ToString() : null, Aborted);
    }

    /// <summary>
    /// The end of a sign-in step: the next challenge's page, or (signed in) a login session cookie and the way back to the
    /// app, after the offer to add a passkey when the sign-in was one of the pool's own (<paramref name="offerPasskey"/>).
    /// </summary>
    public async Task<IResult> Step(PageSignIn step, bool offerPasskey = false)
    {
        if (step.User is null) return await Challenges.Render(this, step.Challenge!, null);
        var (token, authTime, expiresAt) = await Login.OpenSession(Request.Pool, step.User, Aborted);
        http.Response.Cookies.Append(SessionCookieName, token, Cookie(new DateTimeOffset(expiresAt, TimeSpan.Zero)));
        if (offerPasskey && await PasskeyPages.Offered(this, step.User)) return await PasskeyPages.Offer(this, step.User, null);
        return Results.Redirect(await Login.Complete(Request, step.User, authTime, Aborted));
    }

    /// <summary>The origin the browser sees these pages at, as a WebAuthn client data's origin names it.</summary>
    public string Origin => $"{http.Request.Scheme}://{http.Request.Host}";

    private const string FederationCookie = "cognitolite-federation";

    /// <summary>
    /// Ties a sign-in sent to an external provider to this browser, for five minutes. The provider may answer with a
    /// cross-site POST (SAML, Apple), which carries only SameSite=None cookies, and browsers take those over HTTPS only:
    /// over http such an answer is posted again from this site (<see cref="PostAgain"/>).
    /// </summary>
    public void BindFederatedSignIn(string binding) =>
        http.Response.Cookies.Append(FederationCookie, binding, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = http.Request.IsHttps ? SameSiteMode.None : SameSiteMode.Lax,
            Path = "/",
            Expires = DateTimeOffset.UtcNow + FederatedSignIn.Lifetime,
        });

    /// <summary>The browser's binding of its federated sign-in, which the provider's answer must match.</summary>
    public static string? FederatedSignInBinding(HttpContext http) => http.Request.Cookies[FederationCookie];

    public void ClearSession() => http.Response.Cookies.Delete(SessionCookieName, Cookie(expires: null));

    private CookieOptions Cookie(DateTimeOffset? expires) => CookieFor(http, expires);

    private static CookieOptions CookieFor(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        Path = "/",
        Expires = expires,
    };

    private static void SecurityHeaders(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        // Codes travel in query strings: never in a Referer.
        headers["Referrer-Policy"] = "no-referrer";
    }

    /// <param name="script">A script of the pages' own (a path on this server) that this page runs: the CSP allows it by the page's nonce.</param>
    public IResult Render(string title, string body, int status = 200, string? script = null)
    {
        SetPolicy(http, nonce, script is not null);
        if (script is not null) body += $"""<script src="{E(script)}" nonce="{nonce}"></script>""";
        return Results.Content(Html.Page(title, body, nonce, Request.Lang, branding), "text/html; charset=utf-8", statusCode: status);
    }

    public IResult ErrorPage(string message, int status = 400) =>
        Render("Something went wrong", Alert(message) + $"""<div class="links">{Link(PathFor("/login"), "Back to sign-in")}</div>""", status);

    private static IResult StandaloneError(HttpContext http, string message, int status = 400)
    {
        var nonce = NewNonce();
        SetPolicy(http, nonce);
        return Results.Content(Html.Page("Something went wrong", Alert(message), nonce, null, null), "text/html; charset=utf-8", statusCode: status);
    }

    private static void SetPolicy(HttpContext http, string nonce, bool script = false) =>
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; {(script ? $"script-src 'nonce-{nonce}'; " : "")}style-src 'nonce-{nonce}'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";
}
