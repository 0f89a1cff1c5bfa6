using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CognitoLite.Tests.Credentials;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Passkeys;

public sealed class PasskeyProductionTestsOnPostgres(ProductionHost<OnPostgres> fixture) : PasskeyProductionContract(fixture), IClassFixture<ProductionHost<OnPostgres>>;

public sealed class PasskeyProductionTestsOnSqlite(ProductionHost<OnSqlite> fixture) : PasskeyProductionContract(fixture), IClassFixture<ProductionHost<OnSqlite>>;

/// <summary>
/// The relying party in production mode: no `localhost` default (a pool needs a RelyingPartyId or a domain, whose name
/// becomes the id), and no plain-http origin, localhost included.
/// </summary>
public abstract class PasskeyProductionContract(ProductionHost fixture)
{
    [Fact]
    public async Task The_relying_party_comes_from_the_configuration_or_the_domain_and_origins_are_https()
    {
        var admin = Signed();
        var poolId = (await admin.Idp("CreateUserPool", JsonNode.Parse("""
            { "PoolName": "passkeys-production", "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"] } } }
            """)!))["UserPool"]!["Id"].Str();
        var clientId = (await admin.Idp("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "app", ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH" } }))
            ["UserPoolClient"]!["ClientId"].Str();
        await admin.Idp("AdminCreateUser", new { UserPoolId = poolId, Username = "ada", MessageAction = "SUPPRESS" });
        await admin.Idp("AdminSetUserPassword", new { UserPoolId = poolId, Username = "ada", Password = IdpFlows.Password, Permanent = true });
        var open = fixture.Host.Aws();
        var token = (await open.Idp("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = clientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "ada", ["PASSWORD"] = IdpFlows.Password },
        }))["AuthenticationResult"]!["AccessToken"].Str();
        Task<JsonNode> Start() => open.Idp("StartWebAuthnRegistration", new { AccessToken = token });

        await IdpFlows.Refused("WebAuthnConfigurationMissingException", Start);

        await admin.Idp("CreateUserPoolDomain", new { UserPoolId = poolId, Domain = "passkeys-prod" });
        Assert.Equal("passkeys-prod.auth.us-east-1.amazoncognito.com", (await Start())["CredentialCreationOptions"]!["rp"]!["id"].Str());

        await admin.Idp("SetUserPoolMfaConfig", JsonNode.Parse($$"""{ "UserPoolId": "{{poolId}}", "WebAuthnConfiguration": { "RelyingPartyId": "localhost" } }""")!);
        using var authenticator = new TestAuthenticator();
        Task<JsonNode> Complete(JsonNode options, string origin) => open.Idp("CompleteWebAuthnRegistration",
            new JsonObject { ["AccessToken"] = token, ["Credential"] = authenticator.Register(options, origin) });
        var options = (await Start())["CredentialCreationOptions"]!;
        Assert.Equal("localhost", options["rp"]!["id"].Str());
        await IdpFlows.Refused("WebAuthnOriginNotAllowedException", () => Complete(options, "http://localhost:3000"));
        await Complete((await Start())["CredentialCreationOptions"]!, "https://localhost:3000");
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
