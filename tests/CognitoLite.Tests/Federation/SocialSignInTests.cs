using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CognitoLite.Tests.Federation;

public sealed class SocialSignInTestsOnPostgres(SocialHost<OnPostgres> fixture) : SocialSignInContract(fixture.Host, fixture.Providers), IClassFixture<SocialHost<OnPostgres>>;

public sealed class SocialSignInTestsOnSqlite(SocialHost<OnSqlite> fixture) : SocialSignInContract(fixture.Host, fixture.Providers), IClassFixture<SocialHost<OnSqlite>>;

/// <summary>The host with its social providers' well-known endpoints replaced by configuration with a stand-in's.</summary>
public sealed class SocialHost<TStore> : HostFixture where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;

    public SocialProvidersStandIn Providers { get; private set; } = null!;

    protected override IDictionary<string, string?>? Settings => Providers.Settings();

    public override async Task InitializeAsync()
    {
        Providers = await SocialProvidersStandIn.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Providers.DisposeAsync();
    }
}

/// <summary>
/// Sign-in through Google, Facebook, Login with Amazon and Sign in with Apple (spec/federation.md §2, §4, §7), each played
/// by <see cref="SocialProvidersStandIn"/> in the place configuration gives it: the request that goes to the provider, the
/// back-channel calls in each provider's own shape, the user `&lt;Type&gt;_&lt;id&gt;` with its mapped attributes, and an
/// answer of each that goes wrong reaching the app as an error with no code.
/// </summary>
public abstract class SocialSignInContract
{
    private const string AppScopes = "openid email profile aws.cognito.signin.user.admin";
    private readonly SocialProvidersStandIn _idp;

    protected SocialSignInContract(CognitoHost host, SocialProvidersStandIn idp)
    {
        _idp = idp;
        _idp.Reset();
        Pages = new LoginPagesClient(host);
    }

    private LoginPagesClient Pages { get; }
    private AwsClient Aws => Pages.Flows.Aws;

    private JsonObject Details(SocialProvider provider) => provider.Type switch
    {
        "Google" => new() { ["client_id"] = provider.ClientId, ["client_secret"] = provider.ClientSecret, ["authorize_scopes"] = "email profile openid" },
        "Facebook" => new()
        {
            ["client_id"] = provider.ClientId, ["client_secret"] = provider.ClientSecret, ["authorize_scopes"] = "public_profile, email",
            ["api_version"] = SocialProvidersStandIn.FacebookApiVersion,
        },
        "LoginWithAmazon" => new() { ["client_id"] = provider.ClientId, ["client_secret"] = provider.ClientSecret, ["authorize_scopes"] = "profile postal_code" },
        _ => new()
        {
            ["client_id"] = provider.ClientId, ["team_id"] = SocialProvidersStandIn.AppleTeamId, ["key_id"] = SocialProvidersStandIn.AppleKeyId,
            ["private_key"] = _idp.ApplePrivateKey, ["authorize_scopes"] = "email name",
        },
    };

    /// <summary>Each provider's attribute names, as Cognito's console offers them for it.</summary>
    private static JsonObject Mapping(string type) => type switch
    {
        "Google" => new() { ["email"] = "email", ["email_verified"] = "email_verified", ["name"] = "name", ["phone_number"] = "phoneNumbers" },
        "Facebook" => new() { ["email"] = "email", ["given_name"] = "first_name", ["family_name"] = "last_name" },
        "LoginWithAmazon" => new() { ["email"] = "email", ["name"] = "name", ["custom:postal_code"] = "postal_code" },
        _ => new() { ["email"] = "email", ["email_verified"] = "email_verified", ["given_name"] = "firstName", ["family_name"] = "lastName" },
    };

    /// <summary>A pool with the provider (named as its type, as AWS requires) and a web client that offers only it.</summary>
    private async Task<TestClient> Client(SocialProvider provider, JsonObject? details = null)
    {
        var poolId = await Pages.Flows.CreatePool("""{ "Schema": [ { "Name": "postal_code", "AttributeDataType": "String", "Mutable": true } ] }""");
        await Aws.Idp("CreateIdentityProvider", new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ProviderName"] = provider.Type,
            ["ProviderType"] = provider.Type,
            ["ProviderDetails"] = details ?? Details(provider),
            ["AttributeMapping"] = Mapping(provider.Type),
        });
        return await Pages.WebClientOf(poolId, new JsonObject { ["SupportedIdentityProviders"] = new JsonArray(provider.Type) }.ToJsonString());
    }

    /// <summary>The provider's answer to a browser that /oauth2/authorize sent there: its redirect back, or (Apple) its page with a form to post.</summary>
    private async Task<PageAnswer> AtProvider(SocialProvider provider, TestClient client, LoginPagesClient pages, params (string, string)[] extra)
    {
        var toProvider = await pages.Open(LoginPagesClient.AuthorizeUrl(client, [("identity_provider", provider.Type), ("scope", AppScopes), ("state", "s-1"), .. extra]));
        Assert.True(toProvider.Status == HttpStatusCode.Redirect, toProvider.Html);
        Assert.StartsWith(_idp.BaseUrl + "/", toProvider.Location);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var atProvider = await browser.GetAsync(toProvider.Location);
        return new PageAnswer(atProvider.StatusCode, atProvider, await atProvider.Content.ReadAsStringAsync(), toProvider.Location!);
    }

    /// <summary>The fields of the form a form_post provider's page posts to /oauth2/idpresponse.</summary>
    private static (string, string)[] PostedAnswer(PageAnswer atProvider)
    {
        Assert.True(atProvider.Status == HttpStatusCode.OK, atProvider.Html);
        var (action, fields) = LoginPagesClient.FormOf(atProvider);
        Assert.Equal("http://localhost/oauth2/idpresponse", action);
        return [.. fields.Select(f => (f.Key, f.Value))];
    }

    /// <summary>
    /// The browser's way: /oauth2/authorize → the provider (which signs the user in at once) → /oauth2/idpresponse, by the
    /// provider's redirect or, for Apple, by posting the form of the provider's page (here with the browser's cookies, as a
    /// same-site POST or one over https carries them).
    /// </summary>
    private async Task<PageAnswer> ThroughProvider(SocialProvider provider, TestClient client, LoginPagesClient? pages = null, params (string, string)[] extra)
    {
        pages ??= Pages;
        var atProvider = await AtProvider(provider, client, pages, extra);
        if (atProvider.Status != HttpStatusCode.Redirect) return await pages.Post("/oauth2/idpresponse", PostedAnswer(atProvider));
        Assert.StartsWith("http://localhost/oauth2/idpresponse?", atProvider.Location);
        return await pages.Get(atProvider.Location!["http://localhost".Length..]);
    }

    /// <summary>A POST as a browser sends it from another site over http: without the SameSite=Lax cookies.</summary>
    private async Task<PageAnswer> CrossSitePost(params (string Name, string Value)[] fields)
    {
        using var http = Pages.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var response = await http.PostAsync("/oauth2/idpresponse", new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));
        return new PageAnswer(response.StatusCode, response, await response.Content.ReadAsStringAsync(), "/oauth2/idpresponse");
    }

    /// <summary>A sign-in through the provider to the app's tokens: the ID token's claims.</summary>
    private async Task<JsonObject> SignIn(SocialProvider provider, TestClient client, LoginPagesClient? pages = null)
    {
        pages ??= Pages;
        var back = await ThroughProvider(provider, client, pages);
        Assert.True(back.Status == HttpStatusCode.Redirect, back.Html);
        var parameters = back.RedirectParameters();
        Assert.True(parameters.ContainsKey("code"), back.Location);
        Assert.Equal("s-1", parameters["state"]);
        var tokens = await pages.Exchange(client, parameters["code"]);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return TestJwt.Claims(tokens.Body!["id_token"].Str());
    }

    private static void RefusedToApp(PageAnswer back, string error, string description)
    {
        Assert.True(back.Status == HttpStatusCode.Redirect, back.Html);
        Assert.StartsWith(LoginPagesClient.Callback + "?", back.Location);
        var parameters = back.RedirectParameters();
        Assert.False(parameters.ContainsKey("code"), back.Location);
        Assert.Equal(error, parameters["error"]);
        Assert.Equal(description, parameters["error_description"]);
        Assert.Equal("s-1", parameters["state"]);
    }

    private async Task<Dictionary<string, string>> Attributes(TestClient client, string username)
    {
        var user = await Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = username });
        Assert.Equal("EXTERNAL_PROVIDER", user["UserStatus"].Str());
        return user["UserAttributes"]!.AsArray().ToDictionary(a => a!["Name"].Str(), a => a!["Value"].Str());
    }

    private async Task NoUsers(TestClient client) =>
        Assert.Empty((await Aws.Idp("ListUsers", new { UserPoolId = client.PoolId }))["Users"]!.AsArray());

    /// <summary>The ID token of the provider's user: its name, its one identity (a social one has no issuer) and the automatic group.</summary>
    private static void IsProviderUser(JsonObject idToken, TestClient client, string type, string userId)
    {
        Assert.Equal($"{type}_{userId}", idToken["cognito:username"].Str());
        var identity = Assert.Single(idToken["identities"]!.AsArray())!;
        Assert.Equal(userId, identity["userId"].Str());
        Assert.Equal(type, identity["providerName"].Str());
        Assert.Equal(type, identity["providerType"].Str());
        Assert.Null(identity["issuer"]);
        Assert.Equal([$"{client.PoolId}_{type}"], idToken["cognito:groups"]!.AsArray().Select(g => g.Str()));
    }

    /// <summary>What every authorize request to a provider carries: its client id, /oauth2/idpresponse, response_type=code, a fresh state, authorize_scopes verbatim.</summary>
    private static Dictionary<string, string> AuthorizedAs(SocialProvider provider, string scope)
    {
        var request = provider.AuthorizeRequests.Last();
        Assert.Equal("GET", request.Method);
        var query = request.Query;
        Assert.Equal(provider.ClientId, query["client_id"]);
        Assert.Equal("http://localhost/oauth2/idpresponse", query["redirect_uri"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(scope, query["scope"]);
        Assert.True(query["state"].Length >= 32);
        return query;
    }

    [Fact]
    public async Task Google_signs_in_with_its_id_token_and_its_People_API_person_fields()
    {
        var google = _idp.Google;
        var client = await Client(google);
        var id = await SignIn(google, client);

        var query = AuthorizedAs(google, "email profile openid");
        Assert.Equal("/google/o/oauth2/v2/auth", google.AuthorizeRequests.Last().Path);
        Assert.True(query["nonce"].Length >= 32);
        Assert.False(query.ContainsKey("response_mode"));
        var token = google.TokenRequests.Last();
        Assert.Equal("POST", token.Method);
        Assert.Null(token.Authorization);
        Assert.Equal(google.ClientSecret, token.Form["client_secret"]);
        Assert.Equal("authorization_code", token.Form["grant_type"]);
        // The mapped names that are People API person fields, and names (never an ID token claim such as email: Google refuses those).
        var people = google.AttributesRequests.Last();
        Assert.Equal("/google/v1/people/me", people.Path);
        Assert.Equal("names,phoneNumbers", people.Query["personFields"]);
        Assert.StartsWith("Bearer ya29.", people.Authorization);

        IsProviderUser(id, client, "Google", "110248495921238986420");
        Assert.Equal("ann@gmail.example", id["email"].Str());
        Assert.True(id["email_verified"]!.GetValue<bool>());
        Assert.Equal("Ann Google", id["name"].Str());
        // The primary phone number of the person, in E.164 (its canonicalForm), not the JSON of the list.
        Assert.Equal("+15550100", id["phone_number"].Str());
        Assert.Equal("+15550100", (await Attributes(client, "Google_110248495921238986420"))["phone_number"]);
    }

    [Fact]
    public async Task Google_id_tokens_may_name_the_issuer_without_its_scheme()
    {
        var client = await Client(_idp.Google);
        _idp.Google.TamperClaims = claims => claims["iss"] = _idp.GoogleIssuer["http://".Length..];
        IsProviderUser(await SignIn(_idp.Google, client), client, "Google", "110248495921238986420");
    }

    [Fact]
    public async Task Google_in_its_configured_place_refuses_tokens_of_the_real_Google_issuer()
    {
        var client = await Client(_idp.Google);
        _idp.Google.TamperClaims = claims => claims["iss"] = "https://accounts.google.com";
        RefusedToApp(await ThroughProvider(_idp.Google, client), "invalid_request", "Bad id_token issuer https://accounts.google.com");
        await NoUsers(client);
    }

    [Fact]
    public async Task Google_refusing_the_code_names_its_error_to_the_app()
    {
        var client = await Client(_idp.Google);
        _idp.Google.TokenStatus = 400;
        RefusedToApp(await ThroughProvider(_idp.Google, client), "invalid_request", "Google Error - 400 invalid_grant");
        await NoUsers(client);
    }

    [Fact]
    public async Task Google_is_asked_for_its_account_chooser_when_the_app_asks_for_prompt_login()
    {
        var client = await Client(_idp.Google);
        var back = await ThroughProvider(_idp.Google, client, null, ("prompt", "login"));
        Assert.True(back.Status == HttpStatusCode.Redirect && back.RedirectParameters().ContainsKey("code"), back.Html);
        Assert.Equal("select_account", _idp.Google.AuthorizeRequests.Last().Query["prompt"]);
    }

    [Fact]
    public async Task Facebook_takes_the_token_request_as_a_GET_and_answers_the_mapped_Graph_fields()
    {
        var facebook = _idp.Facebook;
        var client = await Client(facebook);
        var id = await SignIn(facebook, client);

        var query = AuthorizedAs(facebook, "public_profile, email");
        Assert.Equal($"/facebook/{SocialProvidersStandIn.FacebookApiVersion}/dialog/oauth", facebook.AuthorizeRequests.Last().Path);
        Assert.False(query.ContainsKey("nonce"));
        var token = facebook.TokenRequests.Last();
        Assert.Equal("GET", token.Method);
        Assert.Equal($"/facebook/{SocialProvidersStandIn.FacebookApiVersion}/oauth/access_token", token.Path);
        Assert.Empty(token.Form);
        Assert.Equal(facebook.ClientId, token.Query["client_id"]);
        Assert.Equal(facebook.ClientSecret, token.Query["client_secret"]);
        Assert.Equal("http://localhost/oauth2/idpresponse", token.Query["redirect_uri"]);
        Assert.True(token.Query["code"].Length > 0);
        var me = facebook.AttributesRequests.Last();
        Assert.Equal($"/facebook/{SocialProvidersStandIn.FacebookApiVersion}/me", me.Path);
        Assert.Equal(["email", "first_name", "id", "last_name"], me.Query["fields"].Split(',').Order());
        Assert.StartsWith("Bearer EAAG", me.Authorization);

        IsProviderUser(id, client, "Facebook", "10158102984577231");
        Assert.Equal("ann@facebook.example", id["email"].Str());
        Assert.Equal("Ann", id["given_name"].Str());
        Assert.Equal("Facebook", id["family_name"].Str());
    }

    [Fact]
    public async Task Facebook_refusing_the_code_sends_the_app_an_error()
    {
        var client = await Client(_idp.Facebook);
        _idp.Facebook.TokenStatus = 400;
        RefusedToApp(await ThroughProvider(_idp.Facebook, client), "invalid_request", "Facebook Error - 400 error getting token");
        await NoUsers(client);
    }

    [Fact]
    public async Task Login_with_Amazon_gives_the_profile_of_its_scopes()
    {
        var amazon = _idp.Amazon;
        var client = await Client(amazon);
        var id = await SignIn(amazon, client);

        var query = AuthorizedAs(amazon, "profile postal_code");
        Assert.Equal("/amazon/ap/oa", amazon.AuthorizeRequests.Last().Path);
        Assert.False(query.ContainsKey("nonce"));
        var token = amazon.TokenRequests.Last();
        Assert.Equal("POST", token.Method);
        Assert.Null(token.Authorization);
        Assert.Equal(amazon.ClientSecret, token.Form["client_secret"]);
        var profile = amazon.AttributesRequests.Last();
        Assert.Equal("/amazon/user/profile", profile.Path);
        Assert.Empty(profile.Query);
        Assert.StartsWith("Bearer Atza|", profile.Authorization);

        IsProviderUser(id, client, "LoginWithAmazon", "amzn1.account.AGSTANDIN7ABCDEFG");
        Assert.Equal("ann@amazon.example", id["email"].Str());
        Assert.Equal("Ann Amazon", id["name"].Str());
        Assert.Equal("98109", id["custom:postal_code"].Str());
    }

    [Fact]
    public async Task Login_with_Amazon_refusing_the_access_token_sends_the_app_an_error()
    {
        var client = await Client(_idp.Amazon);
        _idp.Amazon.AttributesStatus = 401;
        RefusedToApp(await ThroughProvider(_idp.Amazon, client), "invalid_request", "LoginWithAmazon Error - 401 error getting user attributes");
        await NoUsers(client);
    }

    [Fact]
    public async Task Sign_in_with_Apple_posts_its_answer_and_gives_the_name_once()
    {
        var apple = _idp.Apple;
        var client = await Client(apple);
        var id = await SignIn(apple, client);

        var query = AuthorizedAs(apple, "email name");
        Assert.Equal("/apple/auth/authorize", apple.AuthorizeRequests.Last().Path);
        Assert.Equal("form_post", query["response_mode"]);
        Assert.True(query["nonce"].Length >= 32);
        // The stand-in took the client secret (it checks the ES256 signature with the .p8 key's public half): a JWT of the team, the Services ID and the key.
        var token = apple.TokenRequests.Last();
        Assert.Equal("POST", token.Method);
        Assert.Equal(apple.ClientId, token.Form["client_id"]);
        var secretHeader = TestJwt.Header(token.Form["client_secret"]);
        Assert.Equal("ES256", secretHeader["alg"].Str());
        Assert.Equal(SocialProvidersStandIn.AppleKeyId, secretHeader["kid"].Str());
        var secret = TestJwt.Claims(token.Form["client_secret"]);
        Assert.Equal(SocialProvidersStandIn.AppleTeamId, secret["iss"].Str());
        Assert.Equal(apple.ClientId, secret["sub"].Str());
        Assert.Equal("https://appleid.apple.com", secret["aud"].Str());
        Assert.Empty(apple.AttributesRequests);

        const string sub = "001234.5f6e7d8c9b0a.1234";
        IsProviderUser(id, client, "SignInWithApple", sub);
        Assert.Equal("ann@privaterelay.appleid.example", id["email"].Str());
        Assert.True(id["email_verified"]!.GetValue<bool>());
        Assert.Equal("Ann", id["given_name"].Str());
        Assert.Equal("Appleseed", id["family_name"].Str());

        // Apple sends the name with the first sign-in only: the next one keeps it and rewrites what the ID token says.
        _idp.Apple.User["email"] = "ann.new@privaterelay.appleid.example";
        var again = await SignIn(apple, client, new LoginPagesClient(Pages.Host));
        Assert.Equal("Ann", again["given_name"].Str());
        Assert.Equal("ann.new@privaterelay.appleid.example", again["email"].Str());
        Assert.Equal(id["sub"].Str(), again["sub"].Str());
    }

    [Fact]
    public async Task Sign_in_with_Apple_refuses_a_client_secret_signed_with_another_key_and_the_app_gets_an_error()
    {
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var details = Details(_idp.Apple);
        details["private_key"] = other.ExportPkcs8PrivateKeyPem();
        var client = await Client(_idp.Apple, details);

        RefusedToApp(await ThroughProvider(_idp.Apple, client), "invalid_request", "SignInWithApple Error - 400 invalid_client");
        Assert.Single(_idp.Apple.TokenRequests);
        await NoUsers(client);
    }

    [Fact]
    public async Task Sign_in_with_Apples_cross_site_post_is_posted_again_from_this_site_with_the_browsers_cookie()
    {
        var apple = _idp.Apple;
        var client = await Client(apple);
        var answer = PostedAnswer(await AtProvider(apple, client, Pages));

        var again = await CrossSitePost(answer);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Empty(apple.TokenRequests);
        var (action, fields) = LoginPagesClient.FormOf(again);
        Assert.Equal("/oauth2/idpresponse", action);
        Assert.Equal(answer.Append(("_posted_again", "1")).Order(), fields.Select(f => (f.Key, f.Value)).Order());
        var nonce = System.Text.RegularExpressions.Regex.Match(again.Html, "<script nonce=\"([^\"]+)\">document.forms\\[0\\].submit\\(\\);</script>").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"script-src 'nonce-{nonce}'", again.Response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", again.Response.Headers.CacheControl?.ToString());

        // The page's POST is same-site: the browser's cookie goes with it, and the sign-in ends as any other.
        var back = await Pages.Submit(again);
        Assert.True(back.Status == HttpStatusCode.Redirect, back.Html);
        var tokens = await Pages.Exchange(client, back.RedirectParameters()["code"]);
        var id = TestJwt.Claims(tokens.Body!["id_token"].Str());
        IsProviderUser(id, client, "SignInWithApple", "001234.5f6e7d8c9b0a.1234");
        Assert.Equal("Ann", id["given_name"].Str());
    }

    [Fact]
    public async Task An_answer_posted_into_another_browser_fails_once_posted_again_and_is_not_posted_again_twice()
    {
        var client = await Client(_idp.Apple);
        // The attacker's own sign-in, whose answer they make the victim's browser post.
        var attackers = PostedAnswer(await AtProvider(_idp.Apple, client, new LoginPagesClient(Pages.Host)));
        // The victim has a sign-in of their own under way.
        await AtProvider(_idp.Apple, client, Pages);

        var again = await CrossSitePost(attackers);
        LoginPagesClient.IsErrorPage(await Pages.Submit(again), "invalid_request");
        // Posted again, still without the cookie (a browser that keeps none): refused, not posted again once more.
        LoginPagesClient.IsErrorPage(await CrossSitePost([.. attackers, ("_posted_again", "1")]), "invalid_request");
        Assert.Empty(_idp.Apple.TokenRequests);
        await NoUsers(client);
    }

    [Fact]
    public async Task A_posted_answer_the_server_cannot_read_is_an_error_page()
    {
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("state", "x")]);
        content.Headers.ContentEncoding.Add("zstd");
        var response = await Pages.Http.PostAsync("/oauth2/idpresponse", content);
        var page = new PageAnswer(response.StatusCode, response, await response.Content.ReadAsStringAsync(), "/oauth2/idpresponse");
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("Unsupported Content-Encoding 'zstd': use gzip, deflate, br or none.", page.Alert);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Sign_in_with_Apple_cancelled_reaches_the_app_as_Apples_error()
    {
        var client = await Client(_idp.Apple);
        _idp.Apple.AuthorizeError = "user_cancelled_authorize";
        RefusedToApp(await ThroughProvider(_idp.Apple, client), "user_cancelled_authorize", "user_cancelled_authorize");
        Assert.Empty(_idp.Apple.TokenRequests);
    }
}
