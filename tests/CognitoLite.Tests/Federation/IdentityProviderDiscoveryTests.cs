using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Federation;
using CognitoLite.Core.Storage;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.UserPools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Tests.Federation;

/// <summary>
/// An identity provider's published documents, served from the test process on Kestrel at a free loopback port: the
/// OIDC discovery document and SAML metadata a test puts at a path, with the status it chooses; it counts requests.
/// </summary>
public sealed class ProviderDocuments : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _documents = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();

    private ProviderDocuments(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port, no trailing slash.</summary>
    public string Address { get; private set; } = "";

    public static async Task<ProviderDocuments> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var documents = new ProviderDocuments(builder.Build());
        documents._app.Run(async context =>
        {
            var path = context.Request.Path.Value!;
            documents._requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            var (status, body) = documents._documents.GetValueOrDefault(path, (404, "Not Found"));
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(body);
        });
        await documents._app.StartAsync();
        documents.Address = documents._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return documents;
    }

    public void Serve(string path, string body, int status = 200) => _documents[path] = (status, body);

    public int Requests(string path) => _requests.GetValueOrDefault(path);

    /// <summary>An OIDC discovery document for an issuer at `Address + path`, with these fields left out.</summary>
    public string ServeDiscovery(string path, params string[] without)
    {
        var issuer = Address + path;
        var document = new JsonObject
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/authorize",
            ["token_endpoint"] = issuer + "/token",
            ["userinfo_endpoint"] = issuer + "/userinfo",
            ["jwks_uri"] = issuer + "/jwks",
            ["response_types_supported"] = new JsonArray("code"),
        };
        foreach (var field in without) document.Remove(field);
        Serve(path + "/.well-known/openid-configuration", document.ToJsonString());
        return issuer;
    }

    /// <summary>A port nothing listens on: connections to it are refused at once.</summary>
    public static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>SAML 2.0 IdP metadata as IdPs publish it, built in the test around a freshly generated signing certificate.</summary>
public static class SamlIdpDocument
{
    public const string EntityId = "https://idp.example.com/saml/metadata";
    public const string Sso = "https://idp.example.com/saml/sso";
    public const string Slo = "https://idp.example.com/saml/slo";

    public static X509Certificate2 NewCertificate(string subject = "CN=idp.example.com")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>An EntityDescriptor with an IDPSSODescriptor: the signing certificate, an encryption one, POST and (unless
    /// left out) Redirect SSO endpoints, and a Redirect SLO endpoint when given.</summary>
    public static string Metadata(X509Certificate2 signing, X509Certificate2? encryption = null, bool redirectSso = true, string? slo = Slo) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{EntityId}">
          <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <md:KeyDescriptor use="signing">
              <ds:KeyInfo><ds:X509Data><ds:X509Certificate>
                {Convert.ToBase64String(signing.RawData, Base64FormattingOptions.InsertLineBreaks)}
              </ds:X509Certificate></ds:X509Data></ds:KeyInfo>
            </md:KeyDescriptor>
            {(encryption is null ? "" : $"""<md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{Convert.ToBase64String(encryption.RawData)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>""")}
            {(slo is null ? "" : $"""<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{slo}"/>""")}
            <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
            <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{Sso}/post"/>
            {(redirectSso ? $"""<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{Sso}"/>""" : "")}
          </md:IDPSSODescriptor>
        </md:EntityDescriptor>
        """;
}

public sealed class IdentityProviderDiscoveryTestsOnPostgres(PostgresHost fixture) : IdentityProviderDiscoveryContract(fixture), IClassFixture<PostgresHost>;

public sealed class IdentityProviderDiscoveryTestsOnSqlite(SqliteHost fixture) : IdentityProviderDiscoveryContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// What Create/UpdateIdentityProvider fetch: an OIDC provider's discovery document (`oidc_issuer` +
/// /.well-known/openid-configuration) for the endpoints not given, and a SAML provider's MetadataURL; and SAML
/// metadata given as MetadataFile. The provider's documents are served by <see cref="ProviderDocuments"/> (http:// in
/// development mode).
/// </summary>
public abstract class IdentityProviderDiscoveryContract(HostFixture fixture) : IAsyncLifetime
{
    private const string Discovery = "/.well-known/openid-configuration";

    private ProviderDocuments _idp = null!;

    private AwsClient Aws { get; } = fixture.Host.Aws();

    public async Task InitializeAsync() => _idp = await ProviderDocuments.StartAsync();

    public async Task DisposeAsync() => await _idp.DisposeAsync();

    private static Dictionary<string, string> Oidc(string issuer) => new()
    {
        ["client_id"] = "oidc-client", ["client_secret"] = "oidc-secret", ["authorize_scopes"] = "openid email", ["oidc_issuer"] = issuer,
    };

    private Task<JsonNode> Create(string poolId, string name, string type, Dictionary<string, string> details) =>
        Aws.Idp("CreateIdentityProvider", JsonSerializer.Serialize(new { UserPoolId = poolId, ProviderName = name, ProviderType = type, ProviderDetails = details }));

    private Task<JsonNode> Update(string poolId, string name, Dictionary<string, string> details) =>
        Aws.Idp("UpdateIdentityProvider", JsonSerializer.Serialize(new { UserPoolId = poolId, ProviderName = name, ProviderDetails = details }));

    private async Task<Dictionary<string, string>> Details(string poolId, string name) =>
        (await Aws.Idp("DescribeIdentityProvider", new { UserPoolId = poolId, ProviderName = name }))["IdentityProvider"]!["ProviderDetails"]!
            .AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    private async Task<IdentityProvider> Stored(string poolId, string name)
    {
        using var scope = fixture.Host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CognitoDbContext>().IdentityProviders.AsNoTracking()
            .SingleAsync(p => p.UserPoolId == poolId && p.ProviderName == name);
    }

    [Fact]
    public async Task An_OIDC_provider_s_endpoints_come_from_its_discovery_document_and_are_described()
    {
        var poolId = await Aws.CreatePool();
        var issuer = _idp.ServeDiscovery("/realms/corp");

        var created = (await Create(poolId, "Corp", "OIDC", Oidc(issuer)))["IdentityProvider"]!;

        Assert.Equal(1, _idp.Requests("/realms/corp" + Discovery));
        Assert.Equal(new Dictionary<string, string>
        {
            ["attributes_request_method"] = "GET",
            ["attributes_url"] = issuer + "/userinfo",
            ["attributes_url_add_attributes"] = "false",
            ["authorize_scopes"] = "openid email",
            ["authorize_url"] = issuer + "/authorize",
            ["client_id"] = "oidc-client",
            ["client_secret"] = "oidc-secret",
            ["jwks_uri"] = issuer + "/jwks",
            ["oidc_issuer"] = issuer,
            ["token_url"] = issuer + "/token",
        }, await Details(poolId, "Corp"));
        Assert.Equal("sub", created["AttributeMapping"]!["username"].Str());
    }

    [Fact]
    public async Task Given_endpoints_win_over_discovered_ones_and_with_all_four_nothing_is_fetched()
    {
        var poolId = await Aws.CreatePool();
        var issuer = _idp.ServeDiscovery("/partial");
        await Create(poolId, "Partial", "OIDC", new(Oidc(issuer)) { ["authorize_url"] = "https://login.example.com/authorize" });
        var partial = await Details(poolId, "Partial");
        Assert.Equal("https://login.example.com/authorize", partial["authorize_url"]);
        Assert.Equal(issuer + "/token", partial["token_url"]);

        // The issuer serves no discovery document at all: with every endpoint given, none is needed.
        var silent = _idp.Address + "/silent";
        await Create(poolId, "Explicit", "OIDC", new(Oidc(silent))
        {
            ["authorize_url"] = silent + "/a", ["token_url"] = silent + "/t", ["attributes_url"] = silent + "/u", ["jwks_uri"] = silent + "/k",
        });
        Assert.Equal(0, _idp.Requests("/silent" + Discovery));
        Assert.Equal(silent + "/k", (await Details(poolId, "Explicit"))["jwks_uri"]);
    }

    [Fact]
    public async Task A_discovery_that_fails_with_endpoints_missing_is_InvalidParameter()
    {
        var poolId = await Aws.CreatePool();
        var missing = _idp.Address + "/missing";
        var notFound = await Expect.InvalidParameter(() => Create(poolId, "Corp", "OIDC", Oidc(missing)));
        Assert.Equal($"Unable to discover the endpoints of {missing} at {missing}{Discovery}: it answered HTTP 404. "
            + "Give authorize_url, token_url, attributes_url and jwks_uri in ProviderDetails, or an oidc_issuer whose discovery document can be fetched.", notFound.AwsMessage);

        var unreachable = $"http://127.0.0.1:{ProviderDocuments.ClosedPort()}";
        var refused = await Expect.InvalidParameter(() => Create(poolId, "Corp", "OIDC", Oidc(unreachable)));
        Assert.StartsWith($"Unable to discover the endpoints of {unreachable} at {unreachable}{Discovery}: ", refused.AwsMessage);

        _idp.Serve("/broken" + Discovery, "<html>not json</html>");
        var broken = await Expect.InvalidParameter(() => Create(poolId, "Corp", "OIDC", Oidc(_idp.Address + "/broken")));
        Assert.Contains(": the document is not JSON. ", broken.AwsMessage);

        var noKeys = _idp.ServeDiscovery("/nokeys", "jwks_uri");
        var withoutJwks = await Expect.InvalidParameter(() => Create(poolId, "Corp", "OIDC", Oidc(noKeys)));
        Assert.Equal($"The discovery document of {noKeys} has no jwks_uri: give jwks_uri in ProviderDetails.", withoutJwks.AwsMessage);
        await Expect.NotFound(() => Aws.Idp("DescribeIdentityProvider", new { UserPoolId = poolId, ProviderName = "Corp" }));

        // A provider without userinfo is still a provider: the ID token carries the claims.
        var noUserInfo = _idp.ServeDiscovery("/nouserinfo", "userinfo_endpoint");
        await Create(poolId, "Corp", "OIDC", Oidc(noUserInfo));
        Assert.DoesNotContain("attributes_url", (await Details(poolId, "Corp")).Keys);
    }

    [Fact]
    public async Task Update_discovers_again()
    {
        var poolId = await Aws.CreatePool();
        var issuer = _idp.ServeDiscovery("/moving");
        await Create(poolId, "Corp", "OIDC", Oidc(issuer));
        _idp.Serve("/moving" + Discovery, new JsonObject
        {
            ["issuer"] = issuer, ["authorization_endpoint"] = issuer + "/v2/authorize", ["token_endpoint"] = issuer + "/v2/token",
            ["userinfo_endpoint"] = issuer + "/v2/userinfo", ["jwks_uri"] = issuer + "/v2/jwks",
        }.ToJsonString());

        await Update(poolId, "Corp", Oidc(issuer));

        Assert.Equal(2, _idp.Requests("/moving" + Discovery));
        Assert.Equal(issuer + "/v2/token", (await Details(poolId, "Corp"))["token_url"]);
        _idp.Serve("/moving" + Discovery, "gone", 410);
        await Expect.InvalidParameter(() => Update(poolId, "Corp", Oidc(issuer)));
        Assert.Equal(issuer + "/v2/token", (await Details(poolId, "Corp"))["token_url"]);
    }

    [Fact]
    public async Task A_SAML_provider_s_MetadataURL_is_fetched_and_its_endpoints_described()
    {
        var poolId = await Aws.CreatePool();
        using var signing = SamlIdpDocument.NewCertificate();
        _idp.Serve("/saml/metadata", SamlIdpDocument.Metadata(signing));
        var url = _idp.Address + "/saml/metadata";

        var created = (await Create(poolId, "CorpSaml", "SAML", new() { ["MetadataURL"] = url, ["IDPSignout"] = "true", ["RequestSigningAlgorithm"] = "rsa-sha256" }))["IdentityProvider"]!;

        Assert.Empty(created["AttributeMapping"]!.AsObject());
        Assert.Equal(new Dictionary<string, string>
        {
            ["IDPSignout"] = "true",
            ["MetadataURL"] = url,
            ["RequestSigningAlgorithm"] = "rsa-sha256",
            ["SLORedirectBindingURI"] = SamlIdpDocument.Slo,
            ["SSORedirectBindingURI"] = SamlIdpDocument.Sso,
        }, await Details(poolId, "CorpSaml"));
        var metadata = SamlMetadata.Of(await Stored(poolId, "CorpSaml"));
        Assert.Equal(SamlIdpDocument.EntityId, metadata.EntityId);
        Assert.Equal(signing.Thumbprint, Assert.Single(metadata.SigningCertificates).Thumbprint);

        var missing = _idp.Address + "/saml/none";
        var notFound = await Expect.InvalidParameter(() => Create(poolId, "Other", "SAML", new() { ["MetadataURL"] = missing }));
        Assert.Equal($"Non-ok status code 404 returned from remote metadata source {missing}", notFound.AwsMessage);
        _idp.Serve("/saml/metadata", "down for maintenance", 503);
        var unavailable = await Expect.InvalidParameter(() => Update(poolId, "CorpSaml", new() { ["MetadataURL"] = url }));
        Assert.Equal($"Non-ok status code 503 returned from remote metadata source {url}", unavailable.AwsMessage);
    }

    [Fact]
    public async Task A_SAML_provider_s_MetadataFile_is_kept_as_given_and_its_options_take_AWS_s_values()
    {
        var poolId = await Aws.CreatePool();
        using var signing = SamlIdpDocument.NewCertificate();
        using var encryption = SamlIdpDocument.NewCertificate("CN=encryption.idp.example.com");
        var xml = SamlIdpDocument.Metadata(signing, encryption, slo: null);
        var given = new Dictionary<string, string>
        {
            ["MetadataFile"] = xml, ["IDPInit"] = "true", ["IDPSignout"] = "false", ["EncryptedResponses"] = "false",
            // As a Describe gives it back (Terraform does): worked out again from the metadata.
            ["SSORedirectBindingURI"] = "https://stale.example.com/sso",
        };

        await Create(poolId, "CorpSaml", "SAML", given);

        Assert.Equal(new Dictionary<string, string>
        {
            ["EncryptedResponses"] = "false", ["IDPInit"] = "true", ["IDPSignout"] = "false", ["MetadataFile"] = xml, ["SSORedirectBindingURI"] = SamlIdpDocument.Sso,
        }, await Details(poolId, "CorpSaml"));
        var metadata = SamlMetadata.Of(await Stored(poolId, "CorpSaml"));
        Assert.Null(metadata.SloRedirectUrl);
        Assert.Equal(signing.Thumbprint, Assert.Single(metadata.SigningCertificates).Thumbprint);

        async Task Refused(Dictionary<string, string> details, string message) =>
            Assert.Equal(message, (await Expect.InvalidParameter(() => Create(poolId, "Other", "SAML", details))).AwsMessage);
        await Refused(new() { ["MetadataFile"] = xml, ["RequestSigningAlgorithm"] = "rsa-sha1" }, "RequestSigningAlgorithm must be rsa-sha256, not rsa-sha1.");
        await Refused(new() { ["MetadataFile"] = xml, ["IDPInit"] = "yes" }, "IDPInit must be true or false, not yes.");
        await Refused(new() { ["MetadataFile"] = xml, ["MetadataURL"] = _idp.Address + "/saml" }, "Only one of the MetadataURL or MetadataFile should be provided.");
        await Refused(new() { ["IDPInit"] = "true" }, "At least one of the MetadataURL or MetadataFile should be provided.");
        await Refused(new() { ["MetadataFile"] = SamlIdpDocument.Metadata(signing, redirectSso: false) }, "No SingleSignOn Http redirect binding location found in metadata.");
        var broken = await Expect.InvalidParameter(() => Create(poolId, "Other", "SAML", new() { ["MetadataFile"] = "<md:EntityDescriptor" }));
        Assert.StartsWith("The SAML metadata cannot be used: it is not well-formed XML without a DTD (", broken.AwsMessage);
        await Refused(new() { ["MetadataFile"] = xml, ["client_id"] = "x" }, "client_id is not a provider detail of SAML identity providers.");
    }
}

public sealed class IdentityProviderConfigurationTestsOnSqlite(FederationOverridesHost fixture) : IClassFixture<FederationOverridesHost>
{
    [Fact]
    public async Task Configuration_replaces_a_social_provider_s_well_known_endpoints_and_given_details_still_win()
    {
        var aws = fixture.Host.Aws();
        var poolId = await aws.CreatePool();
        var details = new Dictionary<string, string> { ["client_id"] = "google-client", ["client_secret"] = "google-secret", ["authorize_scopes"] = "openid email" };

        await aws.Idp("CreateIdentityProvider", JsonSerializer.Serialize(new { UserPoolId = poolId, ProviderName = "Google", ProviderType = "Google", ProviderDetails = details }));
        var described = (await aws.Idp("DescribeIdentityProvider", new { UserPoolId = poolId, ProviderName = "Google" }))["IdentityProvider"]!["ProviderDetails"]!;
        Assert.Equal("http://127.0.0.1:9/google/token", described["token_url"].Str());
        Assert.Equal("http://127.0.0.1:9/google", described["oidc_issuer"].Str());
        Assert.Equal("https://accounts.google.com/o/oauth2/v2/auth", described["authorize_url"].Str());

        details["token_url"] = "http://127.0.0.1:10/token";
        await aws.Idp("UpdateIdentityProvider", JsonSerializer.Serialize(new { UserPoolId = poolId, ProviderName = "Google", ProviderDetails = details }));
        described = (await aws.Idp("DescribeIdentityProvider", new { UserPoolId = poolId, ProviderName = "Google" }))["IdentityProvider"]!["ProviderDetails"]!;
        Assert.Equal("http://127.0.0.1:10/token", described["token_url"].Str());
    }
}

/// <summary>A development-mode host whose configuration points Google's token endpoint and issuer at a local stand-in.</summary>
public sealed class FederationOverridesHost : HostFixture
{
    public override Store Store => Store.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CognitoLite:Federation:Google:token_url"] = "http://127.0.0.1:9/google/token",
        ["CognitoLite:Federation:Google:oidc_issuer"] = "http://127.0.0.1:9/google",
    };
}
