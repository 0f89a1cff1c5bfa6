using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Federation;

/// <summary>A seeded pool's IdentityProviders, made before its clients so they can list them.</summary>
public sealed class IdentityProviderSeedTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-seedidp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_seeded_provider_exists_with_its_identifiers_and_a_seeded_client_lists_it()
    {
        var seed = Path.Combine(_folder, "seed.json");
        await File.WriteAllTextAsync(seed, """
            { "UserPools": [{ "Id": "us-east-1_IdpSeed001", "PoolName": "federated",
                "IdentityProviders": [{ "ProviderName": "Corp", "ProviderType": "OIDC", "IdpIdentifiers": ["corp.example.com"],
                  "AttributeMapping": { "email": "email" },
                  "ProviderDetails": { "client_id": "corp-client", "client_secret": "corp-secret", "authorize_scopes": "openid email",
                    "oidc_issuer": "http://127.0.0.1:5556", "authorize_url": "http://127.0.0.1:5556/auth", "token_url": "http://127.0.0.1:5556/token",
                    "attributes_url": "http://127.0.0.1:5556/userinfo", "jwks_uri": "http://127.0.0.1:5556/keys" } }],
                "Clients": [{ "ClientId": "idpseedclient000000000001", "ClientName": "web", "SupportedIdentityProviders": ["COGNITO", "Corp"] }] }] }
            """);
        using var host = await CognitoHost.StartAsync(Store.Sqlite, nameof(IdentityProviderSeedTests), new Dictionary<string, string?> { ["CognitoLite:SeedFile"] = seed });
        var aws = host.Aws();

        var provider = (await aws.Idp("GetIdentityProviderByIdentifier", new { UserPoolId = "us-east-1_IdpSeed001", IdpIdentifier = "corp.example.com" }))["IdentityProvider"]!;
        Assert.Equal("Corp", provider["ProviderName"].Str());
        Assert.Equal("corp-secret", provider["ProviderDetails"]!["client_secret"].Str());
        Assert.Equal("email", provider["AttributeMapping"]!["email"].Str());
        var client = (await aws.Idp("DescribeUserPoolClient", new { UserPoolId = "us-east-1_IdpSeed001", ClientId = "idpseedclient000000000001" }))["UserPoolClient"]!;
        Assert.Equal(["COGNITO", "Corp"], client["SupportedIdentityProviders"].Strings());
    }
}
