using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CognitoLite.Tests.Credentials;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Federation;

public sealed class IdentityProviderProductionTestsOnPostgres(ProductionHost<OnPostgres> fixture) : IdentityProviderProductionContract(fixture), IClassFixture<ProductionHost<OnPostgres>>;

public sealed class IdentityProviderProductionTestsOnSqlite(ProductionHost<OnSqlite> fixture) : IdentityProviderProductionContract(fixture), IClassFixture<ProductionHost<OnSqlite>>;

/// <summary>Production mode talks to identity providers over TLS only; development mode also takes a local http:// IdP.</summary>
public abstract class IdentityProviderProductionContract(ProductionHost fixture)
{
    private static Dictionary<string, string> Oidc(string origin) => new()
    {
        ["client_id"] = "oidc-client", ["client_secret"] = "oidc-secret", ["authorize_scopes"] = "openid",
        ["oidc_issuer"] = origin, ["authorize_url"] = origin + "/authorize", ["token_url"] = origin + "/token",
        ["attributes_url"] = origin + "/userinfo", ["jwks_uri"] = origin + "/jwks",
    };

    [Fact]
    public async Task Http_provider_URLs_are_refused_and_https_ones_taken()
    {
        var aws = Signed();
        var poolId = (await aws.Idp("CreateUserPool", new { PoolName = "federation-production" }))["UserPool"]!["Id"].Str();
        Task Create(string name, string type, Dictionary<string, string> details) =>
            aws.Idp("CreateIdentityProvider", JsonSerializer.Serialize(new { UserPoolId = poolId, ProviderName = name, ProviderType = type, ProviderDetails = details }));

        // Refused before anything is fetched from it.
        var issuer = await Expect.InvalidParameter(() => Create("Local", "OIDC", new()
        {
            ["client_id"] = "oidc-client", ["client_secret"] = "oidc-secret", ["authorize_scopes"] = "openid", ["oidc_issuer"] = "http://127.0.0.1:8080",
        }));
        Assert.Equal("oidc_issuer http://127.0.0.1:8080 must be an https URL.", issuer.AwsMessage);
        var endpoint = await Expect.InvalidParameter(() => Create("Local", "OIDC", new(Oidc("https://idp.example.com")) { ["jwks_uri"] = "http://idp.example.com/jwks" }));
        Assert.Equal("jwks_uri http://idp.example.com/jwks must be an https URL.", endpoint.AwsMessage);
        var token = await Expect.InvalidParameter(() => Create("Google", "Google", new()
        {
            ["client_id"] = "g", ["client_secret"] = "s", ["authorize_scopes"] = "openid", ["token_url"] = "http://127.0.0.1:8080/token",
        }));
        Assert.Equal("token_url http://127.0.0.1:8080/token must be an https URL.", token.AwsMessage);
        var metadata = await Expect.InvalidParameter(() => Create("CorpSaml", "SAML", new() { ["MetadataURL"] = "http://127.0.0.1:8080/metadata" }));
        Assert.Equal("MetadataURL http://127.0.0.1:8080/metadata must be an https URL.", metadata.AwsMessage);

        await Create("Corp", "OIDC", Oidc("https://idp.example.com"));
        await Create("Google", "Google", new() { ["client_id"] = "g", ["client_secret"] = "s", ["authorize_scopes"] = "openid" });
    }

    /// <summary>An AWS JSON client whose requests the AWS SDK signs with the production host's admin key.</summary>
    private AwsClient Signed()
    {
        var signer = new SigV4SigningHandler(new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(ProductionHost.AccessKeyId, ProductionHost.SecretAccessKey),
            Region = RegionEndpoint.USEast1,
            Service = "cognito-idp",
        }, fixture.Host.Server.CreateHandler());
        return new AwsClient(new HttpClient(signer) { BaseAddress = fixture.Host.Server.BaseAddress });
    }
}
