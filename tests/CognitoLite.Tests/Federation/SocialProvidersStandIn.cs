using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Tests.Federation;

/// <summary>A request one of the stand-in's endpoints received.</summary>
public sealed record UpstreamRequest(string Method, string Path, Dictionary<string, string> Query, Dictionary<string, string> Form, string? Authorization);

/// <summary>One provider of <see cref="SocialProvidersStandIn"/>: the user it signs in, what it was asked, and knobs that spoil its next answer.</summary>
public sealed class SocialProvider(string type, string clientId, string clientSecret)
{
    public string Type => type;
    public string ClientId => clientId;
    public string ClientSecret => clientSecret;

    /// <summary>Who signs in: the ID token's claims (Google, Apple) or the profile the attributes endpoint gives (Facebook, Amazon).</summary>
    public JsonObject User { get; set; } = new();

    /// <summary>The authorize endpoint sends the browser back with this error instead of a code.</summary>
    public string? AuthorizeError { get; set; }

    /// <summary>The token endpoint answers with this status and the provider's error body.</summary>
    public int? TokenStatus { get; set; }

    /// <summary>The attributes endpoint answers with this status and the provider's error body.</summary>
    public int? AttributesStatus { get; set; }

    /// <summary>Changes to the next ID token's claims once they are made.</summary>
    public Action<JsonObject>? TamperClaims { get; set; }

    public ConcurrentQueue<UpstreamRequest> AuthorizeRequests { get; } = new();
    public ConcurrentQueue<UpstreamRequest> TokenRequests { get; } = new();
    public ConcurrentQueue<UpstreamRequest> AttributesRequests { get; } = new();

    internal void Reset(JsonObject user)
    {
        User = user;
        AuthorizeError = null;
        TokenStatus = null;
        AttributesStatus = null;
        TamperClaims = null;
        AuthorizeRequests.Clear();
        TokenRequests.Clear();
        AttributesRequests.Clear();
    }
}

/// <summary>
/// Google, Facebook, Login with Amazon and Sign in with Apple as CognitoLite meets them, in the test process: one Kestrel
/// host at a free loopback port serves each under its own path (/google, /facebook, /amazon, /apple) with the shape of
/// the real one. Authorize endpoints sign <see cref="SocialProvider.User"/> in at once; Google and Apple sign ID tokens
/// (RS256, each its own key and JWKS); Google's People API, Facebook's Graph /me and Amazon's /user/profile answer with the
/// access token. Each refuses what the real one refuses: Google a prompt or a person field it does not know, Facebook a
/// token request that is not a GET or a field that is not a Graph field, Apple an authorize request with scopes but
/// without response_mode=form_post and a client secret that is not an ES256 JWT of the configured key. <see cref="Settings"/>
/// points CognitoLite's social endpoints here (`CognitoLite:Federation:&lt;ProviderType&gt;:&lt;detail&gt;`).
/// </summary>
public sealed class SocialProvidersStandIn : IAsyncDisposable
{
    public const string FacebookApiVersion = "v17.0";
    public const string AppleTeamId = "TEAM123456";
    public const string AppleKeyId = "KEY1234567";
    private const string AppleAudience = "https://appleid.apple.com";

    private static readonly HashSet<string> PersonFields =
    [
        "addresses", "ageRanges", "biographies", "birthdays", "calendarUrls", "clientData", "coverPhotos", "emailAddresses", "events",
        "externalIds", "genders", "imClients", "interests", "locales", "locations", "memberships", "metadata", "miscKeywords", "names",
        "nicknames", "occupations", "organizations", "phoneNumbers", "photos", "relations", "sipAddresses", "skills", "urls", "userDefined",
    ];

    private static readonly HashSet<string> GraphUserFields =
        ["id", "name", "first_name", "last_name", "middle_name", "short_name", "name_format", "email", "birthday", "gender", "locale", "picture", "link"];

    private readonly WebApplication _app;
    private readonly RSA _googleKey = RSA.Create(2048);
    private readonly RSA _appleKey = RSA.Create(2048);
    private readonly ECDsa _appleClientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<string, Issued> _codes = new();
    private readonly ConcurrentDictionary<string, Issued> _accessTokens = new();
    private readonly ConcurrentDictionary<string, bool> _appleUsersSeen = new();

    private sealed record Issued(SocialProvider Provider, JsonObject User, string? Nonce, string RedirectUri, string Scope);

    private SocialProvidersStandIn(WebApplication app) => _app = app;

    public SocialProvider Google { get; } = new("Google", "stand-in.apps.googleusercontent.com", "google-secret");
    public SocialProvider Facebook { get; } = new("Facebook", "1234567890", "facebook-secret");
    public SocialProvider Amazon { get; } = new("LoginWithAmazon", "amzn1.application-oa2-client.standin", "amazon-secret");

    /// <summary>Sign in with Apple: the client id is the Services ID; it has no client secret but the .p8 key of <see cref="ApplePrivateKey"/>.</summary>
    public SocialProvider Apple { get; } = new("SignInWithApple", "com.example.signin", "");

    /// <summary>The name Apple gives once, in the first sign-in's `user` form field.</summary>
    public JsonObject AppleName { get; set; } = new() { ["firstName"] = "Ann", ["lastName"] = "Appleseed" };

    /// <summary>The .p8 file whose public key the token endpoint checks client secrets with.</summary>
    public string ApplePrivateKey => _appleClientKey.ExportPkcs8PrivateKeyPem();

    /// <summary>Where the stand-in is: http://&lt;host name&gt;:&lt;port&gt;.</summary>
    public string BaseUrl { get; private set; } = null!;

    public string GoogleIssuer => BaseUrl + "/google";
    public string AppleIssuer => BaseUrl + "/apple";

    /// <param name="hostName">The name the stand-in's URLs use for 127.0.0.1: "localhost" puts it on another site than a host at 127.0.0.1.</param>
    public static async Task<SocialProvidersStandIn> StartAsync(string hostName = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var idp = new SocialProvidersStandIn(builder.Build());
        var app = idp._app;

        app.MapGet("/google/o/oauth2/v2/auth", (HttpContext http) => idp.Authorize(http, idp.Google));
        app.MapPost("/google/oauth2/v4/token", (Func<HttpContext, Task<IResult>>)idp.GoogleToken);
        app.MapGet("/google/oauth2/v3/certs", () => Results.Json(new JsonObject { ["keys"] = new JsonArray(Jwk(idp._googleKey, "google-1")) }));
        app.MapGet("/google/v1/people/me", (HttpContext http) => idp.People(http));

        app.MapGet("/facebook/{version}/dialog/oauth", (HttpContext http) => idp.Authorize(http, idp.Facebook));
        app.MapGet("/facebook/{version}/oauth/access_token", (HttpContext http) => idp.FacebookToken(http));
        app.MapGet("/facebook/{version}/me", (HttpContext http) => idp.Graph(http));

        app.MapGet("/amazon/ap/oa", (HttpContext http) => idp.Authorize(http, idp.Amazon));
        app.MapPost("/amazon/auth/o2/token", (Func<HttpContext, Task<IResult>>)idp.AmazonToken);
        app.MapGet("/amazon/user/profile", (HttpContext http) => idp.AmazonProfile(http));

        app.MapGet("/apple/auth/authorize", (HttpContext http) => idp.Authorize(http, idp.Apple));
        app.MapPost("/apple/auth/token", (Func<HttpContext, Task<IResult>>)idp.AppleToken);
        app.MapGet("/apple/auth/keys", () => Results.Json(new JsonObject { ["keys"] = new JsonArray(Jwk(idp._appleKey, "apple-1")) }));

        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        idp.BaseUrl = $"http://{hostName}:{address.Port}";
        idp.Reset();
        return idp;
    }

    /// <summary>Configuration that puts this stand-in in the place of the four providers' well-known endpoints.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["CognitoLite:Federation:Google:authorize_url"] = $"{BaseUrl}/google/o/oauth2/v2/auth",
        ["CognitoLite:Federation:Google:token_url"] = $"{BaseUrl}/google/oauth2/v4/token",
        ["CognitoLite:Federation:Google:attributes_url"] = $"{BaseUrl}/google/v1/people/me?personFields=",
        ["CognitoLite:Federation:Google:oidc_issuer"] = GoogleIssuer,
        ["CognitoLite:Federation:Google:jwks_uri"] = $"{BaseUrl}/google/oauth2/v3/certs",
        ["CognitoLite:Federation:Facebook:authorize_url"] = $"{BaseUrl}/facebook/{FacebookApiVersion}/dialog/oauth",
        ["CognitoLite:Federation:Facebook:token_url"] = $"{BaseUrl}/facebook/{FacebookApiVersion}/oauth/access_token",
        ["CognitoLite:Federation:Facebook:attributes_url"] = $"{BaseUrl}/facebook/{FacebookApiVersion}/me?fields=",
        ["CognitoLite:Federation:LoginWithAmazon:authorize_url"] = $"{BaseUrl}/amazon/ap/oa",
        ["CognitoLite:Federation:LoginWithAmazon:token_url"] = $"{BaseUrl}/amazon/auth/o2/token",
        ["CognitoLite:Federation:LoginWithAmazon:attributes_url"] = $"{BaseUrl}/amazon/user/profile",
        ["CognitoLite:Federation:SignInWithApple:authorize_url"] = $"{BaseUrl}/apple/auth/authorize",
        ["CognitoLite:Federation:SignInWithApple:token_url"] = $"{BaseUrl}/apple/auth/token",
        ["CognitoLite:Federation:SignInWithApple:oidc_issuer"] = AppleIssuer,
        ["CognitoLite:Federation:SignInWithApple:jwks_uri"] = $"{BaseUrl}/apple/auth/keys",
    };

    /// <summary>Every provider answering right again, with its usual user, and nothing recorded.</summary>
    public void Reset()
    {
        Google.Reset(new JsonObject
        {
            ["sub"] = "110248495921238986420", ["email"] = "ann@gmail.example", ["email_verified"] = true, ["name"] = "Ann Google",
            ["given_name"] = "Ann", ["family_name"] = "Google", ["phone"] = "+15550100",
        });
        Facebook.Reset(new JsonObject { ["id"] = "10158102984577231", ["email"] = "ann@facebook.example", ["name"] = "Ann Facebook", ["first_name"] = "Ann", ["last_name"] = "Facebook" });
        Amazon.Reset(new JsonObject { ["user_id"] = "amzn1.account.AGSTANDIN7ABCDEFG", ["name"] = "Ann Amazon", ["email"] = "ann@amazon.example", ["postal_code"] = "98109" });
        Apple.Reset(new JsonObject { ["sub"] = "001234.5f6e7d8c9b0a.1234", ["email"] = "ann@privaterelay.appleid.example", ["email_verified"] = "true", ["is_private_email"] = "true" });
        AppleName = new JsonObject { ["firstName"] = "Ann", ["lastName"] = "Appleseed" };
        _appleUsersSeen.Clear();
    }

    /// <summary>
    /// The authorize endpoint: the user is signed in at once. Google, Facebook and Amazon send the browser back with a
    /// redirect; Apple (response_mode=form_post) with a page whose form posts code, state and, the first time, `user`.
    /// </summary>
    private IResult Authorize(HttpContext http, SocialProvider provider)
    {
        var request = Record(http, provider.AuthorizeRequests, null);
        var query = request.Query;
        if (query.GetValueOrDefault("client_id") != provider.ClientId || query.GetValueOrDefault("response_type") != "code" ||
            !query.TryGetValue("redirect_uri", out var redirectUri) || !query.TryGetValue("state", out var state))
            return Results.Text("invalid_request: client_id, response_type=code, redirect_uri and state are required", statusCode: 400);
        var scope = query.GetValueOrDefault("scope") ?? "";
        // Google's prompt takes none, consent and select_account only.
        if (provider == Google && query.TryGetValue("prompt", out var prompt) && prompt.Split(' ').Any(p => p is not ("none" or "consent" or "select_account")))
            return Results.Text($"Error 400: invalid_request. Invalid parameter value for prompt: Invalid prompt: {prompt}", statusCode: 400);
        // Apple gives name and email only in a form POST, and refuses the scopes without it.
        if (provider == Apple && scope.Length > 0 && query.GetValueOrDefault("response_mode") != "form_post")
            return Results.Text("invalid_request: response_mode must be form_post when name or email scope is requested.", statusCode: 400);

        var back = new Dictionary<string, string> { ["state"] = state };
        if (provider.AuthorizeError is { } error)
        {
            back["error"] = error;
            if (provider != Apple) back["error_description"] = "The user said no";
        }
        else
        {
            var code = Guid.NewGuid().ToString("N");
            var user = JsonNode.Parse(provider.User.ToJsonString())!.AsObject();
            _codes[code] = new Issued(provider, user, query.GetValueOrDefault("nonce"), redirectUri, scope);
            back["code"] = code;
            if (provider == Apple && _appleUsersSeen.TryAdd(user["sub"]!.GetValue<string>(), true))
                back["user"] = new JsonObject { ["name"] = AppleName.DeepClone(), ["email"] = user["email"]?.DeepClone() }.ToJsonString();
        }
        if (provider != Apple) return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, back.ToDictionary(b => b.Key, b => (string?)b.Value)));
        var fields = string.Concat(back.Select(b => $"""<input type="hidden" name="{WebUtility.HtmlEncode(b.Key)}" value="{WebUtility.HtmlEncode(b.Value)}">"""));
        return Results.Content($"""
            <!DOCTYPE html>
            <html><body>
            <form method="post" action="{WebUtility.HtmlEncode(redirectUri)}">{fields}<noscript><button type="submit">Continue</button></noscript></form>
            <script>document.forms[0].submit();</script>
            </body></html>
            """, "text/html; charset=utf-8");
    }

    /// <summary>Google's token endpoint: a POST, the client authenticated by client_secret_post (or Basic), an RS256 ID token back.</summary>
    private async Task<IResult> GoogleToken(HttpContext http)
    {
        var request = Record(http, Google.TokenRequests, await http.Request.ReadFormAsync());
        if (Google.TokenStatus is { } status) return Results.Json(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "Bad Request" }, statusCode: status);
        if (!ClientAuthenticated(request, Google)) return Results.Json(new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Unauthorized" }, statusCode: 401);
        if (Redeem(request.Form, Google) is not { } issued) return Results.Json(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "Bad Request" }, statusCode: 400);
        var claims = IdTokenClaims(issued, GoogleIssuer);
        claims["azp"] = Google.ClientId;
        Google.TamperClaims?.Invoke(claims);
        return Results.Json(new JsonObject
        {
            ["access_token"] = NewAccessToken("ya29.", issued),
            ["expires_in"] = 3599,
            ["scope"] = issued.Scope,
            ["token_type"] = "Bearer",
            ["id_token"] = TestJwt.Sign(new JsonObject { ["alg"] = "RS256", ["kid"] = "google-1", ["typ"] = "JWT" }, claims, _googleKey),
        });
    }

    /// <summary>
    /// Google's People API (people.get of people/me): only the person fields asked for, each a list of entries with
    /// metadata; a name that is not a person field, or no name at all, is a 400.
    /// </summary>
    private IResult People(HttpContext http)
    {
        var request = Record(http, Google.AttributesRequests, null);
        if (Google.AttributesStatus is { } status) return GoogleApiError(status, "The caller does not have permission");
        if (Bearer(request, Google) is not { } issued) return GoogleApiError(401, "Request had invalid authentication credentials.");
        var fields = (request.Query.GetValueOrDefault("personFields") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0) return GoogleApiError(400, "personFields mask is required. Please specify one or more valid paths.");
        if (fields.FirstOrDefault(f => !PersonFields.Contains(f)) is { } unknown)
            return GoogleApiError(400, $"Invalid personFields mask path: \"{unknown}\". Valid paths are documented at https://developers.google.com/people/api/rest/v1/people/get.");

        var user = issued.User;
        var id = user["sub"]!.GetValue<string>();
        JsonObject Entry(bool primary) => new() { ["primary"] = primary, ["source"] = new JsonObject { ["type"] = "PROFILE", ["id"] = id } };
        var person = new JsonObject { ["resourceName"] = $"people/{id}", ["etag"] = "%EgUBAgMuNxoEAQIFByIMR2pXc3RhbmRpbj0=" };
        if (fields.Contains("names"))
            person["names"] = new JsonArray(new JsonObject
            {
                ["metadata"] = Entry(true), ["displayName"] = user["name"]?.DeepClone(), ["familyName"] = user["family_name"]?.DeepClone(),
                ["givenName"] = user["given_name"]?.DeepClone(), ["displayNameLastFirst"] = $"{user["family_name"]}, {user["given_name"]}",
            });
        if (fields.Contains("emailAddresses"))
            person["emailAddresses"] = new JsonArray(new JsonObject { ["metadata"] = Entry(true), ["value"] = user["email"]?.DeepClone() });
        if (fields.Contains("phoneNumbers") && user["phone"] is { } phone)
            person["phoneNumbers"] = new JsonArray(
                new JsonObject { ["metadata"] = Entry(false), ["value"] = "020 7946 0000", ["canonicalForm"] = "+442079460000", ["type"] = "work" },
                new JsonObject { ["metadata"] = Entry(true), ["value"] = "(555) 0100", ["canonicalForm"] = phone.DeepClone(), ["type"] = "mobile" });
        return Results.Json(person);
    }

    private static IResult GoogleApiError(int status, string message) => Results.Json(new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = status == 400 ? "INVALID_ARGUMENT" : "UNAUTHENTICATED" },
    }, statusCode: status);

    /// <summary>Facebook's token endpoint: a GET with client_id, client_secret, redirect_uri and code in the query; no ID token.</summary>
    private IResult FacebookToken(HttpContext http)
    {
        var request = Record(http, Facebook.TokenRequests, null);
        if (Facebook.TokenStatus is { } status) return FacebookError(status, "This authorization code has been used.");
        if (request.Query.GetValueOrDefault("client_id") != Facebook.ClientId || request.Query.GetValueOrDefault("client_secret") != Facebook.ClientSecret)
            return FacebookError(400, "Error validating client secret.");
        if (Redeem(request.Query, Facebook) is not { } issued) return FacebookError(400, "Invalid verification code format.");
        return Results.Json(new JsonObject { ["access_token"] = NewAccessToken("EAAG", issued), ["token_type"] = "bearer", ["expires_in"] = 5183944 });
    }

    /// <summary>Graph's /me: the fields asked for (and id, always); a name that is not a field of a User is a 400.</summary>
    private IResult Graph(HttpContext http)
    {
        var request = Record(http, Facebook.AttributesRequests, null);
        if (Facebook.AttributesStatus is { } status) return FacebookError(status, "Error validating access token.");
        if (Bearer(request, Facebook) is not { } issued) return FacebookError(400, "An active access token must be used to query information about the current user.");
        var fields = (request.Query.GetValueOrDefault("fields") ?? "id,name").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (fields.FirstOrDefault(f => !GraphUserFields.Contains(f)) is { } unknown)
            return FacebookError(400, $"(#100) Tried accessing nonexisting field ({unknown}) on node type (User)");
        var me = new JsonObject();
        foreach (var field in fields.Append("id").Distinct())
            if (issued.User[field] is { } value) me[field] = value.DeepClone();
        return Results.Json(me);
    }

    private static IResult FacebookError(int status, string message) => Results.Json(new JsonObject
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = "OAuthException", ["code"] = 100, ["fbtrace_id"] = "AStandIn" },
    }, statusCode: status);

    /// <summary>Login with Amazon's token endpoint: a POST with client_secret_post; an access and a refresh token, no ID token.</summary>
    private async Task<IResult> AmazonToken(HttpContext http)
    {
        var request = Record(http, Amazon.TokenRequests, await http.Request.ReadFormAsync());
        if (Amazon.TokenStatus is { } status) return Results.Json(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "The request has an invalid grant parameter" }, statusCode: status);
        if (!ClientAuthenticated(request, Amazon)) return Results.Json(new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed" }, statusCode: 401);
        if (Redeem(request.Form, Amazon) is not { } issued) return Results.Json(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "The request has an invalid grant parameter : code" }, statusCode: 400);
        return Results.Json(new JsonObject
        {
            ["access_token"] = NewAccessToken("Atza|", issued),
            ["refresh_token"] = "Atzr|" + Guid.NewGuid().ToString("N"),
            ["token_type"] = "bearer",
            ["expires_in"] = 3600,
        });
    }

    /// <summary>Login with Amazon's profile: user_id, name, email, and postal_code only when the postal_code scope was granted.</summary>
    private IResult AmazonProfile(HttpContext http)
    {
        var request = Record(http, Amazon.AttributesRequests, null);
        if (Amazon.AttributesStatus is { } status) return Results.Json(new JsonObject { ["error"] = "invalid_token", ["error_description"] = "The request has an invalid parameter : access_token" }, statusCode: status);
        if (Bearer(request, Amazon) is not { } issued) return Results.Json(new JsonObject { ["error"] = "invalid_token" }, statusCode: 401);
        var profile = JsonNode.Parse(issued.User.ToJsonString())!.AsObject();
        if (!issued.Scope.Split(' ').Contains("postal_code")) profile.Remove("postal_code");
        return Results.Json(profile);
    }

    /// <summary>
    /// Sign in with Apple's token endpoint: the client secret must be an ES256 JWT signed with the .p8 key, naming the key
    /// (kid), the team (iss), the Services ID (sub) and Apple (aud), and unexpired; anything else is invalid_client.
    /// </summary>
    private async Task<IResult> AppleToken(HttpContext http)
    {
        var request = Record(http, Apple.TokenRequests, await http.Request.ReadFormAsync());
        if (Apple.TokenStatus is { } status) return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: status);
        if (request.Form.GetValueOrDefault("client_id") != Apple.ClientId || !AppleClientSecretValid(request.Form.GetValueOrDefault("client_secret")))
            return Results.Json(new JsonObject { ["error"] = "invalid_client" }, statusCode: 400);
        if (Redeem(request.Form, Apple) is not { } issued) return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
        var claims = IdTokenClaims(issued, AppleIssuer);
        claims["auth_time"] = claims["iat"]!.DeepClone();
        claims["nonce_supported"] = true;
        Apple.TamperClaims?.Invoke(claims);
        return Results.Json(new JsonObject
        {
            ["access_token"] = NewAccessToken("a", issued),
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["refresh_token"] = "r" + Guid.NewGuid().ToString("N"),
            ["id_token"] = TestJwt.Sign(new JsonObject { ["kid"] = "apple-1", ["alg"] = "RS256" }, claims, _appleKey),
        });
    }

    private bool AppleClientSecretValid(string? secret)
    {
        var parts = secret?.Split('.');
        if (parts is not { Length: 3 }) return false;
        try
        {
            var header = JsonNode.Parse(TestJwt.FromBase64Url(parts[0]))!.AsObject();
            var claims = JsonNode.Parse(TestJwt.FromBase64Url(parts[1]))!.AsObject();
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return header["alg"]?.GetValue<string>() == "ES256" && header["kid"]?.GetValue<string>() == AppleKeyId &&
                _appleClientKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), TestJwt.FromBase64Url(parts[2]), HashAlgorithmName.SHA256) &&
                claims["iss"]?.GetValue<string>() == AppleTeamId && claims["sub"]?.GetValue<string>() == Apple.ClientId &&
                claims["aud"]?.GetValue<string>() == AppleAudience && claims["exp"]?.GetValue<long>() > now && claims["iat"]?.GetValue<long>() <= now + 60;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static UpstreamRequest Record(HttpContext http, ConcurrentQueue<UpstreamRequest> into, IFormCollection? form)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        var request = new UpstreamRequest(http.Request.Method, http.Request.Path.Value!,
            http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            form?.ToDictionary(f => f.Key, f => f.Value.ToString()) ?? [],
            authorization.Length == 0 ? null : authorization);
        into.Enqueue(request);
        return request;
    }

    private static bool ClientAuthenticated(UpstreamRequest request, SocialProvider provider)
    {
        var basic = request.Authorization?.StartsWith("Basic ", StringComparison.Ordinal) == true
            ? Encoding.UTF8.GetString(Convert.FromBase64String(request.Authorization[6..])).Split(':', 2).Select(Uri.UnescapeDataString).ToArray()
            : null;
        return basic is [var id, var secret] && id == provider.ClientId && secret == provider.ClientSecret ||
            request.Form.GetValueOrDefault("client_id") == provider.ClientId && request.Form.GetValueOrDefault("client_secret") == provider.ClientSecret;
    }

    /// <summary>The code's sign-in, once, for the provider that issued it and the redirect_uri it was issued for.</summary>
    private Issued? Redeem(Dictionary<string, string> parameters, SocialProvider provider) =>
        parameters.GetValueOrDefault("grant_type") == "authorization_code" && _codes.TryRemove(parameters.GetValueOrDefault("code") ?? "", out var issued) &&
        issued.Provider == provider && issued.RedirectUri == parameters.GetValueOrDefault("redirect_uri")
            ? issued
            : null;

    private string NewAccessToken(string prefix, Issued issued)
    {
        var token = prefix + Guid.NewGuid().ToString("N");
        _accessTokens[token] = issued;
        return token;
    }

    /// <summary>The sign-in an access token in the Authorization header (or, for Graph, the access_token parameter) stands for.</summary>
    private Issued? Bearer(UpstreamRequest request, SocialProvider provider)
    {
        var token = request.Authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? request.Authorization[7..] : request.Query.GetValueOrDefault("access_token");
        return token is not null && _accessTokens.TryGetValue(token, out var issued) && issued.Provider == provider ? issued : null;
    }

    private static JsonObject IdTokenClaims(Issued issued, string issuer)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = JsonNode.Parse(issued.User.ToJsonString())!.AsObject();
        claims.Remove("phone");
        claims["iss"] = issuer;
        claims["aud"] = issued.Provider.ClientId;
        claims["iat"] = now;
        claims["exp"] = now + 3600;
        if (issued.Nonce is not null) claims["nonce"] = issued.Nonce;
        return claims;
    }

    private static JsonObject Jwk(RSA key, string kid)
    {
        var parameters = key.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = kid,
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
        _googleKey.Dispose();
        _appleKey.Dispose();
        _appleClientKey.Dispose();
    }
}
