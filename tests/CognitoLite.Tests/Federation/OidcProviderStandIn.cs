using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Tests.Federation;

/// <summary>
/// An OpenID Connect provider in the test process, on Kestrel at a free loopback port, with its own RSA key: discovery,
/// /authorize (which signs in <see cref="User"/> at once and sends the browser back with a code, or with
/// <see cref="AskConsent"/> first shows a page where the user allows or denies), /token (client_secret_post, or Basic
/// only), /userinfo and /jwks. Knobs let a test make the next answer wrong in one way: a foreign key, another
/// audience, issuer or nonce, an expired token, an error instead of a code, a failing token endpoint.
/// </summary>
public sealed class OidcProviderStandIn : IAsyncDisposable
{
    public const string ClientId = "idp-client";
    public const string ClientSecret = "idp-secret";
    private const string Kid = "stand-in-1";

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (JsonObject Claims, string? Nonce, string RedirectUri)> _codes = new();
    private readonly ConcurrentDictionary<string, JsonObject> _accessTokens = new();

    private OidcProviderStandIn(WebApplication app) => _app = app;

    public string Issuer { get; private set; } = null!;

    /// <summary>The user the next sign-in is: the ID token's claims (iss, aud, exp, iat, nonce are added).</summary>
    public JsonObject User { get; set; } = new() { ["sub"] = "oidc-user-1", ["email"] = "ann@idp.example", ["email_verified"] = true, ["name"] = "Ann Idp" };

    /// <summary>Claims only the userinfo endpoint gives.</summary>
    public JsonObject UserInfoExtra { get; set; } = new() { ["locale"] = "en-GB" };

    /// <summary>Changes to the next ID token's claims after they are made (a wrong aud, iss, nonce, exp).</summary>
    public Action<JsonObject>? TamperClaims { get; set; }

    /// <summary>Signs the next ID tokens with a key the JWKS does not have.</summary>
    public bool SignWithForeignKey { get; set; }

    /// <summary>/authorize shows a page with "Allow" and "Deny" buttons (a browser's visit) instead of answering at once;
    /// "Deny" sends the app access_denied.</summary>
    public bool AskConsent { get; set; }

    /// <summary>/authorize answers with this error instead of a code.</summary>
    public string? AuthorizeError { get; set; }

    /// <summary>/token answers with this status (and an error body) instead of tokens.</summary>
    public int? TokenStatus { get; set; }

    /// <summary>/token takes client_secret_basic only (a 401 for client_secret_post).</summary>
    public bool BasicOnly { get; set; }

    /// <summary>The /authorize requests as received.</summary>
    public ConcurrentQueue<Dictionary<string, string>> AuthorizeRequests { get; } = new();

    /// <summary>The /token requests: form fields and the Authorization header.</summary>
    public ConcurrentQueue<(Dictionary<string, string> Form, string? Authorization)> TokenRequests { get; } = new();

    public static async Task<OidcProviderStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var idp = new OidcProviderStandIn(builder.Build());
        idp._app.MapGet("/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = idp.Issuer,
            ["authorization_endpoint"] = idp.Issuer + "/authorize",
            ["token_endpoint"] = idp.Issuer + "/token",
            ["userinfo_endpoint"] = idp.Issuer + "/userinfo",
            ["jwks_uri"] = idp.Issuer + "/jwks",
            ["response_types_supported"] = new JsonArray("code"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        idp._app.MapGet("/jwks", () => Results.Json(new JsonObject { ["keys"] = new JsonArray(idp.Jwk()) }));
        idp._app.MapGet("/authorize", (Func<HttpContext, IResult>)idp.Authorize);
        idp._app.MapPost("/consent", (Func<HttpContext, Task<IResult>>)idp.Consent);
        idp._app.MapPost("/token", (Func<HttpContext, Task<IResult>>)idp.Token);
        idp._app.MapGet("/userinfo", (Func<HttpContext, IResult>)idp.UserInfo);
        await idp._app.StartAsync();
        idp.Issuer = idp._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return idp;
    }

    /// <summary>ProviderDetails for CreateIdentityProvider: discovery from the issuer.</summary>
    public JsonObject ProviderDetails(string scopes = "openid email profile") => new()
    {
        ["client_id"] = ClientId,
        ["client_secret"] = ClientSecret,
        ["authorize_scopes"] = scopes,
        ["attributes_request_method"] = "GET",
        ["oidc_issuer"] = Issuer,
    };

    /// <summary>
    /// A browser's way through this provider: the authorize URL at CognitoLite → here (which signs the user in at once) →
    /// CognitoLite's /oauth2/idpresponse, whose answer (the redirect to the app, or an error page) is returned.
    /// </summary>
    internal async Task<PageAnswer> SignInThrough(LoginPagesClient pages, string authorizeUrl)
    {
        var toProvider = await pages.Open(authorizeUrl);
        Assert.True(toProvider.Status == HttpStatusCode.Redirect, toProvider.Html);
        Assert.StartsWith(Issuer + "/authorize?", toProvider.Location);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = (await browser.GetAsync(toProvider.Location)).Headers.Location!.OriginalString;
        Assert.StartsWith("http://localhost/oauth2/idpresponse?", back);
        return await pages.Get(back["http://localhost".Length..]);
    }

    private IResult Authorize(HttpContext http)
    {
        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        AuthorizeRequests.Enqueue(query);
        return AskConsent ? Results.Content(ConsentPage(query), "text/html; charset=utf-8") : Answer(query, AuthorizeError);
    }

    /// <summary>The consent page's form: the request it carried on, and the button pressed.</summary>
    private async Task<IResult> Consent(HttpContext http)
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        return Answer(form, form.GetValueOrDefault("decision") == "allow" ? AuthorizeError : "access_denied");
    }

    /// <summary>Back to the redirect_uri of the request with a code for <see cref="User"/>, or with the error.</summary>
    private IResult Answer(Dictionary<string, string> request, string? error)
    {
        var back = new Dictionary<string, string?> { ["state"] = request.GetValueOrDefault("state") };
        if (error is not null)
        {
            back["error"] = error;
            back["error_description"] = "The user said no";
        }
        else
        {
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (JsonNode.Parse(User.ToJsonString())!.AsObject(), request.GetValueOrDefault("nonce"), request["redirect_uri"]);
            back["code"] = code;
        }
        return Results.Redirect(QueryHelpers.AddQueryString(request["redirect_uri"], back));
    }

    private string ConsentPage(Dictionary<string, string> query)
    {
        var carried = string.Concat(new[] { "state", "nonce", "redirect_uri" }.Where(query.ContainsKey)
            .Select(name => $"""<input type="hidden" name="{name}" value="{WebUtility.HtmlEncode(query[name])}">"""));
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Stand-in provider</title></head>
            <body><h1>Stand-in provider</h1>
            <p>{WebUtility.HtmlEncode(query.GetValueOrDefault("client_id"))} asks to sign you in as {WebUtility.HtmlEncode(User["sub"]?.ToString())}.</p>
            <form method="post" action="/consent">{carried}
            <button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button></form>
            </body></html>
            """;
    }

    private async Task<IResult> Token(HttpContext http)
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var authorization = http.Request.Headers.Authorization.ToString();
        TokenRequests.Enqueue((form, authorization.Length == 0 ? null : authorization));
        if (TokenStatus is { } status) return Results.Json(new JsonObject { ["error"] = "server_error" }, statusCode: status);
        var basic = authorization.StartsWith("Basic ", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..])).Split(':', 2).Select(Uri.UnescapeDataString).ToArray()
            : null;
        var authenticated = BasicOnly
            ? basic is [ClientId, ClientSecret]
            : basic is [ClientId, ClientSecret] || form.GetValueOrDefault("client_id") == ClientId && form.GetValueOrDefault("client_secret") == ClientSecret;
        if (!authenticated) return Results.Json(new JsonObject { ["error"] = "invalid_client" }, statusCode: 401);
        if (form.GetValueOrDefault("grant_type") != "authorization_code" || !_codes.TryRemove(form.GetValueOrDefault("code") ?? "", out var issued) ||
            issued.RedirectUri != form.GetValueOrDefault("redirect_uri"))
            return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = issued.Claims;
        claims["iss"] = Issuer;
        claims["aud"] = ClientId;
        claims["iat"] = now;
        claims["exp"] = now + 3600;
        if (issued.Nonce is not null) claims["nonce"] = issued.Nonce;
        TamperClaims?.Invoke(claims);
        var accessToken = Guid.NewGuid().ToString("N");
        _accessTokens[accessToken] = claims;
        return Results.Json(new JsonObject
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["id_token"] = TestJwt.Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = Kid }, claims, SignWithForeignKey ? RSA.Create(2048) : _key),
        });
    }

    private IResult UserInfo(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.TryGetValue(authorization[7..], out var claims))
            return Results.StatusCode(401);
        var info = new JsonObject { ["sub"] = claims["sub"]?.DeepClone() };
        foreach (var (name, value) in User.Concat(UserInfoExtra).Where(c => c.Key != "sub")) info[name] = value?.DeepClone();
        return Results.Json(info);
    }

    private JsonObject Jwk()
    {
        var parameters = _key.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = Kid,
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = TestJwt.Base64Url(parameters.Modulus!),
            ["e"] = TestJwt.Base64Url(parameters.Exponent!),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
