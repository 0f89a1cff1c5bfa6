using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Seed;

/// <summary>A seeded pool's Domain and ResourceServers, made before its clients so they can use the scopes.</summary>
public sealed class SeedOAuthTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-seedoauth-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_seeded_domain_and_resource_server_exist_and_a_seeded_client_holds_their_scope()
    {
        var seed = Path.Combine(_folder, "seed.json");
        await File.WriteAllTextAsync(seed, """
            { "UserPools": [{ "Id": "us-east-1_OAuthSeed1", "PoolName": "oauth", "Domain": "seeded-login",
                "ResourceServers": [{ "Identifier": "orders", "Name": "Orders", "Scopes": [{ "ScopeName": "read", "ScopeDescription": "Read" }] }],
                "Clients": [{ "ClientId": "oauthseedclient00000000001", "ClientName": "machine",
                              "ClientSecret": "oauthseedclientsecret000000000000000000000000000001",
                              "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["client_credentials"],
                              "AllowedOAuthScopes": ["orders/read"] }] }] }
            """);
        using var host = await CognitoHost.StartAsync(Store.Sqlite, nameof(SeedOAuthTests), new Dictionary<string, string?> { ["CognitoLite:SeedFile"] = seed });
        var aws = host.Aws();

        Assert.Equal("seeded-login", (await aws.Idp("DescribeUserPool", new { UserPoolId = "us-east-1_OAuthSeed1" }))["UserPool"]!["Domain"].Str());
        Assert.Equal("us-east-1_OAuthSeed1", (await aws.Idp("DescribeUserPoolDomain", new { Domain = "seeded-login" }))["DomainDescription"]!["UserPoolId"].Str());
        var client = (await aws.Idp("DescribeUserPoolClient", new { UserPoolId = "us-east-1_OAuthSeed1", ClientId = "oauthseedclient00000000001" }))["UserPoolClient"]!;
        Assert.Equal(["orders/read"], client["AllowedOAuthScopes"].Strings());
    }
}
