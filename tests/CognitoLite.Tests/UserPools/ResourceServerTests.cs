using System.Text.Json.Nodes;
using System.Net;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

public sealed class ResourceServerTestsOnPostgres(PostgresHost fixture) : ResourceServerContract(fixture), IClassFixture<PostgresHost>;

public sealed class ResourceServerTestsOnSqlite(SqliteHost fixture) : ResourceServerContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Create/Describe/List/Update/DeleteResourceServer, and their scopes in app clients' AllowedOAuthScopes.</summary>
public abstract class ResourceServerContract(HostFixture fixture)
{
    private AwsClient Aws { get; } = fixture.Host.Aws();

    private Task<JsonNode> CreateOrders(string poolId) => Aws.Idp("CreateResourceServer", $$"""
        { "UserPoolId": "{{poolId}}", "Identifier": "https://api.example.com/orders", "Name": "Orders",
          "Scopes": [ { "ScopeName": "read", "ScopeDescription": "Read orders" }, { "ScopeName": "write", "ScopeDescription": "Place orders" } ] }
        """);

    [Fact]
    public async Task A_resource_server_is_created_described_updated_and_deleted()
    {
        var poolId = await Aws.CreatePool();
        await CreateOrders(poolId);

        var described = (await Aws.Idp("DescribeResourceServer", new { UserPoolId = poolId, Identifier = "https://api.example.com/orders" }))["ResourceServer"]!;
        Expect.Contains($$"""
            { "UserPoolId": "{{poolId}}", "Identifier": "https://api.example.com/orders", "Name": "Orders",
              "Scopes": [ { "ScopeName": "read", "ScopeDescription": "Read orders" }, { "ScopeName": "write", "ScopeDescription": "Place orders" } ] }
            """, described);

        var updated = (await Aws.Idp("UpdateResourceServer", new
        {
            UserPoolId = poolId, Identifier = "https://api.example.com/orders", Name = "Orders v2",
            Scopes = new[] { new { ScopeName = "admin", ScopeDescription = "Everything" } },
        }))["ResourceServer"]!;
        Assert.Equal("Orders v2", updated["Name"].Str());
        Assert.Single(updated["Scopes"]!.AsArray());

        Assert.Equal("{}", (await Aws.Idp("DeleteResourceServer", new { UserPoolId = poolId, Identifier = "https://api.example.com/orders" })).ToJsonString());
        await Expect.NotFound(() => Aws.Idp("DescribeResourceServer", new { UserPoolId = poolId, Identifier = "https://api.example.com/orders" }));
        await Expect.NotFound(() => Aws.Idp("DeleteResourceServer", new { UserPoolId = poolId, Identifier = "https://api.example.com/orders" }));
    }

    [Fact]
    public async Task A_second_server_with_the_same_identifier_and_repeated_scope_names_are_refused()
    {
        var poolId = await Aws.CreatePool();
        await CreateOrders(poolId);
        await Expect.InvalidParameter(() => CreateOrders(poolId));
        await Expect.InvalidParameter(() => Aws.Idp("CreateResourceServer", new
        {
            UserPoolId = poolId, Identifier = "billing", Name = "Billing",
            Scopes = new[] { new { ScopeName = "read", ScopeDescription = "a" }, new { ScopeName = "read", ScopeDescription = "b" } },
        }));
        // A scope name cannot contain '/': the full scope is identifier/name.
        await Expect.InvalidParameter(() => Aws.Idp("CreateResourceServer", new
        {
            UserPoolId = poolId, Identifier = "billing", Name = "Billing", Scopes = new[] { new { ScopeName = "a/b", ScopeDescription = "x" } },
        }));
        await Expect.NotFound(() => Aws.Idp("CreateResourceServer", new { UserPoolId = "us-east-1_NoSuchP00l", Identifier = "billing", Name = "Billing" }));
    }

    [Fact]
    public async Task More_than_100_scopes_are_refused()
    {
        var poolId = await Aws.CreatePool();
        var scopes = Enumerable.Range(0, 101).Select(i => new { ScopeName = $"s{i}", ScopeDescription = "x" }).ToArray();
        await Expect.InvalidParameter(() => Aws.Idp("CreateResourceServer", new { UserPoolId = poolId, Identifier = "big", Name = "Big", Scopes = scopes }));
    }

    [Fact]
    public async Task ListResourceServers_pages_with_NextToken()
    {
        var poolId = await Aws.CreatePool();
        foreach (var name in new[] { "c", "a", "b" })
            await Aws.Idp("CreateResourceServer", new { UserPoolId = poolId, Identifier = name, Name = name });

        var first = await Aws.Idp("ListResourceServers", new { UserPoolId = poolId, MaxResults = 2 });
        Assert.Equal(["a", "b"], first["ResourceServers"]!.AsArray().Select(s => s!["Identifier"].Str()));
        var second = await Aws.Idp("ListResourceServers", new { UserPoolId = poolId, MaxResults = 2, NextToken = first["NextToken"].Str() });
        Assert.Equal(["c"], second["ResourceServers"]!.AsArray().Select(s => s!["Identifier"].Str()));
        Assert.Null(second["NextToken"]);
        await Expect.InvalidParameter(() => Aws.Idp("ListResourceServers", new { UserPoolId = poolId, MaxResults = 51 }));
    }

    [Fact]
    public async Task A_resource_server_scope_can_be_given_to_a_client_and_an_unknown_one_cannot()
    {
        var poolId = await Aws.CreatePool();
        await CreateOrders(poolId);

        var client = await Aws.CreateClient(poolId, """
            { "GenerateSecret": true, "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["client_credentials"],
              "AllowedOAuthScopes": ["https://api.example.com/orders/read"] }
            """);
        Assert.Equal(["https://api.example.com/orders/read"], client["AllowedOAuthScopes"].Strings());

        var unknown = await Expect.Error("ScopeDoesNotExistException", HttpStatusCode.BadRequest, () => Aws.CreateClient(poolId, """
            { "GenerateSecret": true, "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["client_credentials"],
              "AllowedOAuthScopes": ["https://api.example.com/orders/delete"] }
            """));
        Assert.Equal("Invalid scope requested: https://api.example.com/orders/delete", unknown.AwsMessage);
        await Expect.Error("ScopeDoesNotExistException", HttpStatusCode.BadRequest, () => Aws.Idp("UpdateUserPoolClient", $$"""
            { "UserPoolId": "{{poolId}}", "ClientId": "{{client["ClientId"].Str()}}", "AllowedOAuthFlowsUserPoolClient": true,
              "AllowedOAuthFlows": ["client_credentials"], "AllowedOAuthScopes": ["other/read"] }
            """));
    }
}
