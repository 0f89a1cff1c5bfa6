using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;
using Microsoft.AspNetCore.WebUtilities;

namespace CognitoLite.Tests.Federation;

public sealed class SamlSignInTestsOnPostgres(PostgresHost fixture) : SamlSignInContract(fixture), IClassFixture<PostgresHost>;

public sealed class SamlSignInTestsOnSqlite(SqliteHost fixture) : SamlSignInContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// Sign-in through a SAML 2.0 IdP (spec/federation.md §5), the IdP being signed XML made in the test (SamlTestIdp):
/// SP-initiated (authorize → AuthnRequest → the IdP's Response posted to /saml2/idpresponse → the app's callback with a
/// code), IdP-initiated when IDPInit is on, and the Responses that must not sign anyone in.
/// </summary>
public abstract class SamlSignInContract(HostFixture fixture)
{
    private const string Provider = "Saml";
    private const string Acs = "http://localhost/saml2/idpresponse";
    private const string EmailClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

    private readonly SamlTestIdp _idp = new(SamlIdpDocument.EntityId);
    private LoginPagesClient Pages { get; } = new(fixture.Host);
    private AwsClient Aws => Pages.Flows.Aws;

    private async Task<TestClient> Client(bool idpInit = false)
    {
        var poolId = await Pages.Flows.CreatePool();
        var details = new JsonObject { ["MetadataFile"] = SamlIdpDocument.Metadata(_idp.Certificate) };
        if (idpInit) details["IDPInit"] = "true";
        await Aws.Idp("CreateIdentityProvider", new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ProviderName"] = Provider,
            ["ProviderType"] = "SAML",
            ["ProviderDetails"] = details,
            ["AttributeMapping"] = new JsonObject { ["email"] = EmailClaim },
        });
        return await Pages.WebClientOf(poolId, """{ "SupportedIdentityProviders": ["COGNITO", "Saml"] }""");
    }

    /// <summary>The AuthnRequest the browser is sent to the IdP with: its ID and the RelayState.</summary>
    private async Task<(string RequestId, string RelayState)> Start(TestClient client)
    {
        var toIdp = await Pages.Open(LoginPagesClient.AuthorizeUrl(client, ("identity_provider", Provider), ("state", "s-1"), ("scope", "openid email")));
        Assert.True(toIdp.Status == HttpStatusCode.Redirect, toIdp.Html);
        Assert.StartsWith(SamlIdpDocument.Sso + "?", toIdp.Location);
        var query = QueryHelpers.ParseQuery(new Uri(toIdp.Location!).Query);
        using var inflated = new DeflateStream(new MemoryStream(Convert.FromBase64String(query["SAMLRequest"]!)), CompressionMode.Decompress);
        var request = XDocument.Load(inflated).Root!;
        Assert.Equal(Acs, request.Attribute("AssertionConsumerServiceURL")!.Value);
        return (request.Attribute("ID")!.Value, query["RelayState"]!);
    }

    private static SamlResponseContent Content(TestClient client, string? inResponseTo, string nameId = "saml-user-1") =>
        new($"urn:amazon:cognito:sp:{client.PoolId}", Acs, DateTimeOffset.UtcNow)
        {
            InResponseTo = inResponseTo,
            Issuer = SamlIdpDocument.EntityId,
            NameId = nameId,
        };

    private Task<PageAnswer> Post(string samlResponse, string relayState, LoginPagesClient? pages = null) =>
        (pages ?? Pages).Post("/saml2/idpresponse", ("SAMLResponse", samlResponse), ("RelayState", relayState));

    private static void RefusedToApp(PageAnswer back, string error, string description)
    {
        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        Assert.StartsWith(LoginPagesClient.Callback + "?", back.Location);
        var parameters = back.RedirectParameters();
        Assert.False(parameters.ContainsKey("code"), back.Location);
        Assert.Equal(error, parameters["error"]);
        Assert.StartsWith(description, parameters["error_description"]);
    }

    private async Task<JsonObject> IdToken(TestClient client, PageAnswer back)
    {
        Assert.True(back.Status == HttpStatusCode.Redirect, back.Html);
        var parameters = back.RedirectParameters();
        Assert.True(parameters.ContainsKey("code"), back.Location);
        var tokens = await Pages.Exchange(client, parameters["code"]);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return TestJwt.Claims(tokens.Body!["id_token"].Str());
    }

    [Fact]
    public async Task An_SP_initiated_sign_in_answered_by_a_signed_assertion_signs_the_user_in()
    {
        var client = await Client();
        var (requestId, relayState) = await Start(client);

        var id = await IdToken(client, await Post(_idp.SignedAssertion(Content(client, requestId)), relayState));

        Assert.Equal("Saml_saml-user-1", id["cognito:username"].Str());
        Assert.Equal("alice@example.com", id["email"].Str());
        var identity = Assert.Single(id["identities"]!.AsArray())!;
        Assert.Equal("saml-user-1", identity["userId"].Str());
        Assert.Equal("SAML", identity["providerType"].Str());
        Assert.Equal(SamlIdpDocument.EntityId, identity["issuer"].Str());
        Assert.Equal([$"{client.PoolId}_{Provider}"], id["cognito:groups"]!.AsArray().Select(g => g.Str()));
    }

    [Fact]
    public async Task An_unsigned_or_tampered_response_sends_the_app_an_error_and_signs_no_one_in()
    {
        var client = await Client();
        var (requestId, relayState) = await Start(client);
        var unsigned = SamlTestIdp.Encode(_idp.Response(Content(client, requestId)));
        RefusedToApp(await Post(unsigned, relayState), "server_error", "Invalid SAML response received: ");

        (requestId, relayState) = await Start(client);
        var signed = _idp.SignAssertion(_idp.Response(Content(client, requestId)));
        var nameId = signed.GetElementsByTagName("NameID", SamlTestIdp.Assertion)[0]!;
        nameId.InnerText = "someone-else";
        RefusedToApp(await Post(SamlTestIdp.Encode(signed), relayState), "server_error", "Invalid SAML response received: SAML Assertion signature is invalid.");

        var users = await Aws.Idp("ListUsers", new { UserPoolId = client.PoolId });
        Assert.Empty(users["Users"]!.AsArray());
    }

    [Fact]
    public async Task A_response_to_another_request_is_refused()
    {
        var client = await Client();
        var (_, relayState) = await Start(client);
        RefusedToApp(await Post(_idp.SignedAssertion(Content(client, "_not-our-request")), relayState), "server_error", "Invalid SAML response received: ");
    }

    [Fact]
    public async Task A_response_is_good_once()
    {
        var client = await Client();
        var (requestId, relayState) = await Start(client);
        var response = _idp.SignedAssertion(Content(client, requestId));
        await IdToken(client, await Post(response, relayState));

        LoginPagesClient.IsErrorPage(await Post(response, relayState), "invalid_request");
    }

    [Fact]
    public async Task An_IdP_initiated_sign_in_works_only_when_IDPInit_is_on()
    {
        var relayState = (TestClient client) => $"client_id={client.Id}&redirect_uri={Uri.EscapeDataString(LoginPagesClient.Callback)}" +
            "&response_type=code&identity_provider=Saml&scope=openid+email&state=s-1";

        var on = await Client(idpInit: true);
        var id = await IdToken(on, await Post(_idp.SignedAssertion(Content(on, null)), relayState(on), new LoginPagesClient(Pages.Host)));
        Assert.Equal("Saml_saml-user-1", id["cognito:username"].Str());

        var off = await Client();
        RefusedToApp(await Post(_idp.SignedAssertion(Content(off, null)), relayState(off), new LoginPagesClient(Pages.Host)),
            "invalid_request", "Invalid samlResponse or relayState from identity provider");
    }

    [Fact]
    public async Task A_SAML_user_linked_by_a_mapped_attribute_signs_in_as_the_native_user()
    {
        var client = await Client();
        await Pages.Flows.ConfirmedUser(await Pages.Flows.CreateClient(client.PoolId), "alice", "alice@example.com");
        await Aws.Idp("AdminLinkProviderForUser", new
        {
            UserPoolId = client.PoolId,
            DestinationUser = new { ProviderName = "Cognito", ProviderAttributeValue = "alice" },
            SourceUser = new { ProviderName = Provider, ProviderAttributeName = "email", ProviderAttributeValue = "alice@example.com" },
        });

        var (requestId, relayState) = await Start(client);
        var id = await IdToken(client, await Post(_idp.SignedAssertion(Content(client, requestId)), relayState));
        Assert.Equal("alice", id["cognito:username"].Str());

        // Once used, the link names the NameID.
        var identities = JsonNode.Parse((await Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "alice" }))["UserAttributes"]!
            .AsArray().Single(a => a!["Name"].Str() == "identities")!["Value"].Str())!.AsArray();
        Assert.Equal("saml-user-1", Assert.Single(identities)!["userId"].Str());
    }
}
