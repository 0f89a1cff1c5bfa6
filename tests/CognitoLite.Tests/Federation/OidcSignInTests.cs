using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;

namespace CognitoLite.Tests.Federation;

public sealed class OidcSignInTestsOnPostgres(FederationHost<OnPostgres> fixture) : OidcSignInContract(fixture.Host, fixture.Idp), IClassFixture<FederationHost<OnPostgres>>;

public sealed class OidcSignInTestsOnSqlite(FederationHost<OnSqlite> fixture) : OidcSignInContract(fixture.Host, fixture.Idp), IClassFixture<FederationHost<OnSqlite>>;

/// <summary>The host and an OIDC provider stand-in beside it.</summary>
public sealed class FederationHost<TStore> : HostFixture where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;

    public OidcProviderStandIn Idp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Idp = await OidcProviderStandIn.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
    }
}

/// <summary>
/// Sign-in through an OIDC provider (spec/federation.md §4, §6): /oauth2/authorize?identity_provider= → the provider →
/// /oauth2/idpresponse → the app's callback with a code; the federated user, its attributes, `identities` and group;
/// every way the provider's answer can be wrong (no code reaches the app); linking and unlinking.
/// </summary>
public abstract class OidcSignInContract
{
    private const string Provider = "Idp";
    private readonly OidcProviderStandIn _idp;

    protected OidcSignInContract(CognitoHost host, OidcProviderStandIn idp)
    {
        _idp = idp;
        Pages = new LoginPagesClient(host);
        // A new instance per test: the provider starts each one answering right.
        Reset();
    }

    private LoginPagesClient Pages { get; }
    private AwsClient Aws => Pages.Flows.Aws;

    private void Reset()
    {
        _idp.User = new JsonObject { ["sub"] = "oidc-user-1", ["email"] = "ann@idp.example", ["email_verified"] = true, ["name"] = "Ann Idp" };
        _idp.TamperClaims = null;
        _idp.SignWithForeignKey = false;
        _idp.AuthorizeError = null;
        _idp.TokenStatus = null;
        _idp.BasicOnly = false;
    }

    private static readonly JsonObject Mapping = new()
    {
        ["email"] = "email",
        ["email_verified"] = "email_verified",
        ["name"] = "name",
        ["locale"] = "locale",
    };

    /// <summary>A pool with the stand-in as OIDC provider `Idp` and a web client that offers it (and COGNITO unless told).</summary>
    private async Task<TestClient> Client(bool cognitoToo = true, string? poolSettings = null)
    {
        var poolId = await Pages.Flows.CreatePool(poolSettings);
        await Aws.Idp("CreateIdentityProvider", new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ProviderName"] = Provider,
            ["ProviderType"] = "OIDC",
            ["ProviderDetails"] = _idp.ProviderDetails(),
            ["AttributeMapping"] = Mapping.DeepClone(),
            ["IdpIdentifiers"] = new JsonArray("idp.example"),
        });
        var providers = cognitoToo ? new JsonArray("COGNITO", Provider) : new JsonArray(Provider);
        return await Pages.WebClientOf(poolId, new JsonObject { ["SupportedIdentityProviders"] = providers }.ToJsonString());
    }

    private Task<PageAnswer> ThroughProvider(LoginPagesClient pages, string authorizeUrl) => _idp.SignInThrough(pages, authorizeUrl);

    private Task<PageAnswer> ThroughProvider(TestClient client, params (string, string)[] extra) =>
        ThroughProvider(Pages, LoginPagesClient.AuthorizeUrl(client, [("identity_provider", Provider), ("scope", "openid email profile"), .. extra]));

    private async Task<JsonNode> Tokens(TestClient client, LoginPagesClient? pages = null)
    {
        pages ??= Pages;
        var back = await ThroughProvider(pages, LoginPagesClient.AuthorizeUrl(client, ("identity_provider", Provider), ("scope", "openid email profile aws.cognito.signin.user.admin")));
        Assert.True(back.Status == HttpStatusCode.Redirect, back.Html);
        var parameters = back.RedirectParameters();
        Assert.True(parameters.ContainsKey("code"), back.Location);
        var tokens = await pages.Exchange(client, parameters["code"]);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens.Body!;
    }

    private static void RefusedToApp(PageAnswer back, string error, string? description = null)
    {
        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        Assert.StartsWith(LoginPagesClient.Callback + "?", back.Location);
        var parameters = back.RedirectParameters();
        Assert.False(parameters.ContainsKey("code"), back.Location);
        Assert.Equal(error, parameters["error"]);
        Assert.Equal("s-1", parameters["state"]);
        if (description is not null) Assert.StartsWith(description, parameters["error_description"]);
    }

    private async Task<JsonNode> AdminGetUser(string poolId, string username) =>
        await Aws.Idp("AdminGetUser", new { UserPoolId = poolId, Username = username });

    private static Dictionary<string, string> Attributes(JsonNode user) =>
        user["UserAttributes"]!.AsArray().ToDictionary(a => a!["Name"].Str(), a => a!["Value"].Str());

    [Fact]
    public async Task A_first_sign_in_creates_an_external_provider_user_with_its_identity_its_group_and_the_mapped_attributes()
    {
        var client = await Client();
        var tokens = await Tokens(client);

        var request = Assert.Single(_idp.AuthorizeRequests.Where(r => r["client_id"] == OidcProviderStandIn.ClientId).TakeLast(1));
        Assert.Equal("http://localhost/oauth2/idpresponse", request["redirect_uri"]);
        Assert.Equal("openid email profile", request["scope"]);
        Assert.Equal("code", request["response_type"]);
        Assert.True(request["state"].Length >= 32 && request["nonce"].Length >= 32);
        var token = _idp.TokenRequests.Last();
        Assert.Equal(OidcProviderStandIn.ClientSecret, token.Form["client_secret"]);
        Assert.Null(token.Authorization);

        var id = TestJwt.Claims(tokens["id_token"].Str());
        Assert.Equal("Idp_oidc-user-1", id["cognito:username"].Str());
        Assert.Equal("ann@idp.example", id["email"].Str());
        Assert.True(id["email_verified"]!.GetValue<bool>());
        Assert.Equal("Ann Idp", id["name"].Str());
        Assert.Equal("en-GB", id["locale"].Str());
        Assert.Equal([$"{client.PoolId}_{Provider}"], id["cognito:groups"]!.AsArray().Select(g => g.Str()));
        var identity = Assert.Single(id["identities"]!.AsArray())!;
        Assert.Equal("oidc-user-1", identity["userId"].Str());
        Assert.Equal(Provider, identity["providerName"].Str());
        Assert.Equal("OIDC", identity["providerType"].Str());
        Assert.Equal(_idp.Issuer, identity["issuer"].Str());
        Assert.Equal("true", identity["primary"].Str());
        Assert.Matches("^[0-9]{13}$", identity["dateCreated"].Str());
        Assert.Null(TestJwt.Claims(tokens["access_token"].Str())["identities"]);

        var user = await AdminGetUser(client.PoolId, "Idp_oidc-user-1");
        Assert.Equal("EXTERNAL_PROVIDER", user["UserStatus"].Str());
        var stored = JsonNode.Parse(Attributes(user)["identities"])!.AsArray().Single()!;
        Assert.True(stored["primary"]!.GetValue<bool>());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, stored["dateCreated"]!.GetValueKind());
        var group = await Aws.Idp("GetGroup", new { UserPoolId = client.PoolId, GroupName = $"{client.PoolId}_{Provider}" });
        Assert.Equal($"Autogenerated group for users who sign in using {Provider}", group["Group"]!["Description"].Str());

        // A federated user has no password to sign in with.
        await IdpFlows.Refused("NotAuthorizedException", () => Pages.Flows.PasswordAuth(client, "Idp_oidc-user-1", "anything"));
    }

    [Fact]
    public async Task A_second_sign_in_is_the_same_user_with_its_mapped_attributes_written_again()
    {
        var client = await Client();
        var first = TestJwt.Claims((await Tokens(client))["id_token"].Str());
        _idp.User["name"] = "Ann Renamed";
        var second = TestJwt.Claims((await Tokens(client, new LoginPagesClient(Pages.Host)))["id_token"].Str());

        Assert.Equal(first["sub"].Str(), second["sub"].Str());
        Assert.Equal("Ann Renamed", second["name"].Str());
        var users = await Aws.Idp("ListUsers", new { UserPoolId = client.PoolId });
        Assert.Single(users["Users"]!.AsArray());
    }

    [Fact]
    public async Task Federated_tokens_refresh_and_read_the_user_like_any_others()
    {
        var client = await Client();
        var tokens = await Tokens(client);
        var refreshed = await Pages.OAuth.Token(null, ("grant_type", "refresh_token"), ("client_id", client.Id), ("refresh_token", tokens["refresh_token"].Str()));
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal("Idp_oidc-user-1", TestJwt.Claims(refreshed.Body!["id_token"].Str())["cognito:username"].Str());
        var me = await Pages.Flows.GetUser(tokens["access_token"].Str());
        Assert.Equal("Idp_oidc-user-1", me["Username"].Str());
    }

    [Theory]
    [InlineData("foreign key", "Idp Error - invalid id_token signature")]
    [InlineData("audience", "Bad id_token audience")]
    [InlineData("issuer", "Bad id_token issuer http://evil.example")]
    [InlineData("nonce", "Bad id_token nonce")]
    [InlineData("expired", "Idp Error - the id_token has expired")]
    public async Task An_id_token_that_does_not_check_out_sends_the_app_an_error_and_no_code(string wrong, string description)
    {
        var client = await Client();
        switch (wrong)
        {
            case "foreign key": _idp.SignWithForeignKey = true; break;
            case "audience": _idp.TamperClaims = c => c["aud"] = "someone-else"; break;
            case "issuer": _idp.TamperClaims = c => c["iss"] = "http://evil.example"; break;
            case "nonce": _idp.TamperClaims = c => c["nonce"] = "not-the-one-sent"; break;
            case "expired": _idp.TamperClaims = c => c["exp"] = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(); break;
        }

        RefusedToApp(await ThroughProvider(client, ("state", "s-1")), "invalid_request", description);
        var users = await Aws.Idp("ListUsers", new { UserPoolId = client.PoolId });
        Assert.Empty(users["Users"]!.AsArray());
    }

    [Fact]
    public async Task A_provider_error_reaches_the_apps_callback_as_its_error()
    {
        var client = await Client();
        _idp.AuthorizeError = "access_denied";
        RefusedToApp(await ThroughProvider(client, ("state", "s-1")), "access_denied", "The user said no");
    }

    [Fact]
    public async Task A_failing_token_endpoint_is_an_error_for_the_app_not_a_5xx()
    {
        var client = await Client();
        _idp.TokenStatus = 500;
        RefusedToApp(await ThroughProvider(client, ("state", "s-1")), "invalid_request", "Idp Error - 500 error getting token");
    }

    [Fact]
    public async Task A_provider_that_takes_client_secret_basic_only_gets_it()
    {
        var client = await Client();
        _idp.BasicOnly = true;
        await Tokens(client);
        var (form, authorization) = _idp.TokenRequests.Last();
        Assert.StartsWith("Basic ", authorization);
        Assert.False(form.ContainsKey("client_secret"));
    }

    [Fact]
    public async Task The_providers_answer_is_good_once_and_only_in_the_browser_that_began_the_sign_in()
    {
        var client = await Client();
        var toProvider = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("identity_provider", Provider)));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = (await browser.GetAsync(toProvider.Location)).Headers.Location!.OriginalString["http://localhost".Length..];

        // Another browser (an attacker's link carrying their own code): refused, and the sign-in is not used up by it.
        LoginPagesClient.IsErrorPage(await new LoginPagesClient(Pages.Host).Get(back), "invalid_request");
        Assert.Equal(HttpStatusCode.Redirect, (await Pages.Get(back)).Status);
        LoginPagesClient.IsErrorPage(await Pages.Get(back), "invalid_request");
    }

    [Fact]
    public async Task Idp_identifier_picks_the_provider_and_the_sign_in_page_offers_it()
    {
        var client = await Client();
        var toProvider = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("idp_identifier", "idp.example")));
        Assert.StartsWith(_idp.Issuer + "/authorize?", toProvider.Location);

        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        Assert.Contains("identity_provider=Idp", login.Html);
        Assert.Contains("Sign in with Idp", login.Html);
        Assert.Contains("name=\"password\"", login.Html);

        var unknown = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("identity_provider", "Nope"), ("state", "s-1")));
        RefusedToApp(unknown, "invalid_request");
    }

    [Fact]
    public async Task A_client_with_providers_only_shows_no_password_form_and_takes_no_password()
    {
        var client = await Client(cognitoToo: false);
        await Pages.Flows.ConfirmedUser(await Pages.Flows.CreateClient(client.PoolId), "alice");
        var login = await Pages.Open(LoginPagesClient.AuthorizeUrl(client));
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.DoesNotContain("name=\"password\"", login.Html);
        Assert.Contains("Sign in with Idp", login.Html);

        var cognito = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("identity_provider", "COGNITO"), ("state", "s-1")));
        RefusedToApp(cognito, "unauthorized_client");
    }

    [Fact]
    public async Task A_linked_provider_user_signs_in_as_the_native_user_until_the_link_is_disabled()
    {
        var client = await Client();
        await Pages.Flows.ConfirmedUser(await Pages.Flows.CreateClient(client.PoolId), "alice", "alice@example.com");
        var alice = await AdminGetUser(client.PoolId, "alice");
        await Aws.Idp("AdminLinkProviderForUser", new
        {
            UserPoolId = client.PoolId,
            DestinationUser = new { ProviderName = "Cognito", ProviderAttributeValue = "alice" },
            SourceUser = new { ProviderName = Provider, ProviderAttributeName = "Cognito_Subject", ProviderAttributeValue = "oidc-user-1" },
        });
        var identities = JsonNode.Parse(Attributes(await AdminGetUser(client.PoolId, "alice"))["identities"])!.AsArray();
        Assert.False(Assert.Single(identities)!["primary"]!.GetValue<bool>());

        var id = TestJwt.Claims((await Tokens(client))["id_token"].Str());
        Assert.Equal("alice", id["cognito:username"].Str());
        Assert.Equal(Attributes(alice)["sub"], id["sub"].Str());
        Assert.Equal("Ann Idp", id["name"].Str());
        // The native user keeps its password.
        await Pages.Flows.PasswordAuth(client, "alice");

        // The provider's user has signed in now: linking it again is a merge, which Cognito refuses.
        var merge = await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("AdminLinkProviderForUser", new
        {
            UserPoolId = client.PoolId,
            DestinationUser = new { ProviderName = "Cognito", ProviderAttributeValue = "alice" },
            SourceUser = new { ProviderName = Provider, ProviderAttributeName = "Cognito_Subject", ProviderAttributeValue = "oidc-user-1" },
        }));
        Assert.StartsWith("Merging is not currently supported", merge.AwsMessage);

        await Aws.Idp("AdminDisableProviderForUser", new
        {
            UserPoolId = client.PoolId,
            User = new { ProviderName = Provider, ProviderAttributeName = "Cognito_Subject", ProviderAttributeValue = "oidc-user-1" },
        });
        Assert.False(Attributes(await AdminGetUser(client.PoolId, "alice")).ContainsKey("identities"));
        var next = TestJwt.Claims((await Tokens(client, new LoginPagesClient(Pages.Host)))["id_token"].Str());
        Assert.Equal("Idp_oidc-user-1", next["cognito:username"].Str());
    }

    [Fact]
    public async Task Linking_refuses_a_native_source_an_unknown_destination_and_an_unknown_provider()
    {
        var client = await Client();
        var native = await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("AdminLinkProviderForUser", new
        {
            UserPoolId = client.PoolId,
            DestinationUser = new { ProviderName = "Cognito", ProviderAttributeValue = "alice" },
            SourceUser = new { ProviderName = "Cognito", ProviderAttributeName = "Cognito_Subject", ProviderAttributeValue = "bob" },
        }));
        Assert.Equal("Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser", native.AwsMessage);
        await IdpFlows.Refused("UserNotFoundException", () => Aws.Idp("AdminLinkProviderForUser", new
        {
            UserPoolId = client.PoolId,
            DestinationUser = new { ProviderName = "Cognito", ProviderAttributeValue = "nobody" },
            SourceUser = new { ProviderName = Provider, ProviderAttributeName = "Cognito_Subject", ProviderAttributeValue = "x" },
        }));
        await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("AdminLinkProviderForUser", new
        {
            UserPoolId = client.PoolId,
            DestinationUser = new { ProviderName = "Cognito", ProviderAttributeValue = "nobody" },
            SourceUser = new { ProviderName = "Nope", ProviderAttributeName = "Cognito_Subject", ProviderAttributeValue = "x" },
        }));
    }

    [Fact]
    public async Task Disabling_a_federated_users_own_identity_stops_its_sign_ins()
    {
        var client = await Client();
        await Tokens(client);
        await Aws.Idp("AdminDisableProviderForUser", new
        {
            UserPoolId = client.PoolId,
            User = new { ProviderName = Provider, ProviderAttributeName = "Cognito_Subject", ProviderAttributeValue = "oidc-user-1" },
        });
        RefusedToApp(await ThroughProvider(new LoginPagesClient(Pages.Host), LoginPagesClient.AuthorizeUrl(client, ("identity_provider", Provider), ("state", "s-1"))),
            "invalid_request", "User is disabled.");
    }

    [Fact]
    public async Task A_required_attribute_the_provider_does_not_give_refuses_the_first_sign_in()
    {
        var client = await Client(poolSettings: """{ "Schema": [ { "Name": "phone_number", "AttributeDataType": "String", "Required": true } ] }""");
        RefusedToApp(await ThroughProvider(client, ("state", "s-1")), "invalid_request", "Attributes did not conform to the schema: phone_number");
    }
}
