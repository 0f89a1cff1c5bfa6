using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.IdentityPools;

public sealed class IdentityPoolAdminTestsOnPostgres(PostgresHost fixture) : IdentityPoolAdminContract(fixture), IClassFixture<PostgresHost>;

public sealed class IdentityPoolAdminTestsOnSqlite(SqliteHost fixture) : IdentityPoolAdminContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Identity pool configuration through the real host: CRUD, listing, roles, principal-tag maps, tags.</summary>
public abstract class IdentityPoolAdminContract(HostFixture fixture)
{
    private const string Role = "arn:aws:iam::000000000000:role/Authenticated";
    private readonly IdentityFlows _flows = new(fixture.Host);

    private AwsClient Aws => _flows.Aws;

    [Fact]
    public async Task CreateIdentityPool_returns_the_pool_as_given_and_DescribeIdentityPool_the_same()
    {
        var created = await Aws.Identity("CreateIdentityPool", new
        {
            IdentityPoolName = "my pool",
            AllowUnauthenticatedIdentities = true,
            AllowClassicFlow = true,
            SupportedLoginProviders = new Dictionary<string, string> { ["accounts.google.com"] = "google-client" },
            DeveloperProviderName = "login.example.app",
            OpenIdConnectProviderARNs = new[] { "arn:aws:iam::000000000000:oidc-provider/login.example.com" },
            CognitoIdentityProviders = new[] { new { ProviderName = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01", ClientId = "exampleclient0000000000001", ServerSideTokenCheck = true } },
            IdentityPoolTags = new Dictionary<string, string> { ["team"] = "blue" },
        });

        var id = created["IdentityPoolId"].Str();
        Assert.Matches("^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id);
        Expect.Contains("""
            {
              "IdentityPoolName": "my pool", "AllowUnauthenticatedIdentities": true, "AllowClassicFlow": true,
              "SupportedLoginProviders": { "accounts.google.com": "google-client" }, "DeveloperProviderName": "login.example.app",
              "OpenIdConnectProviderARNs": ["arn:aws:iam::000000000000:oidc-provider/login.example.com"],
              "CognitoIdentityProviders": [{ "ProviderName": "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01", "ClientId": "exampleclient0000000000001", "ServerSideTokenCheck": true }],
              "IdentityPoolTags": { "team": "blue" }
            }
            """, created);
        var described = await Aws.Identity("DescribeIdentityPool", new { IdentityPoolId = id });
        Assert.True(JsonNode.DeepEquals(created, described), described.ToJsonString());
    }

    [Fact]
    public async Task UpdateIdentityPool_replaces_the_configuration_but_keeps_tags_and_the_developer_provider()
    {
        var id = await _flows.CreatePool(new { AllowUnauthenticatedIdentities = true, DeveloperProviderName = "login.example.app", IdentityPoolTags = new { team = "blue" } });

        var updated = await Aws.Identity("UpdateIdentityPool", new { IdentityPoolId = id, IdentityPoolName = "renamed", AllowUnauthenticatedIdentities = false });

        Expect.Contains("""{ "IdentityPoolName": "renamed", "AllowUnauthenticatedIdentities": false, "DeveloperProviderName": "login.example.app", "IdentityPoolTags": { "team": "blue" } }""", updated);
        var error = await Expect.InvalidParameter(() => Aws.Identity("UpdateIdentityPool",
            new { IdentityPoolId = id, IdentityPoolName = "renamed", AllowUnauthenticatedIdentities = false, DeveloperProviderName = "login.other.app" }));
        Assert.Equal("Cannot modify the DeveloperProviderName once it has been set.", error.AwsMessage);
    }

    [Fact]
    public async Task DeleteIdentityPool_removes_the_pool_and_unknown_pools_are_ResourceNotFound()
    {
        var id = await _flows.CreatePool();

        await Aws.Identity("DeleteIdentityPool", new { IdentityPoolId = id });

        var error = await Expect.NotFound(() => Aws.Identity("DescribeIdentityPool", new { IdentityPoolId = id }));
        Assert.Equal($"IdentityPool '{id}' not found.", error.AwsMessage);
        await Expect.NotFound(() => Aws.Identity("DeleteIdentityPool", new { IdentityPoolId = id }));
        await Expect.NotFound(() => Aws.Identity("GetIdentityPoolRoles", new { IdentityPoolId = id }));
    }

    /// <summary>cognito-identity names a request that breaks the API model ValidationException.</summary>
    private static Task<AwsErrorException> Validation(Func<Task> call) => Expect.Error("ValidationException", HttpStatusCode.BadRequest, call);

    [Fact]
    public async Task Requests_are_validated_against_the_model()
    {
        var badId = await Validation(() => Aws.Identity("DescribeIdentityPool", new { IdentityPoolId = "us-east-1_NotAnIdentityPool" }));
        Assert.Equal("1 validation error detected: Value 'us-east-1_NotAnIdentityPool' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+", badId.AwsMessage);
        var missing = await Validation(() => Aws.Identity("CreateIdentityPool", new { IdentityPoolName = "x" }));
        Assert.Equal("1 validation error detected: Value null at 'allowUnauthenticatedIdentities' failed to satisfy constraint: Member must not be null", missing.AwsMessage);
        await Validation(() => Aws.Identity("CreateIdentityPool", new { IdentityPoolName = "bad/name", AllowUnauthenticatedIdentities = true }));
        await Validation(() => Aws.Identity("ListIdentityPools", new { MaxResults = 0 }));
        await Validation(() => Aws.Identity("ListIdentityPools", new { MaxResults = 61 }));
        await Validation(() => Aws.Identity("ListIdentityPools", new { }));
        await Expect.InvalidParameter(() => Aws.Identity("CreateIdentityPool",
            new { IdentityPoolName = "x", AllowUnauthenticatedIdentities = true, OpenIdConnectProviderARNs = new[] { "arn:aws:iam::000000000000:role/NotAProvider" } }));
        await Expect.InvalidParameter(() => Aws.Identity("CreateIdentityPool",
            new { IdentityPoolName = "x", AllowUnauthenticatedIdentities = true, CognitoIdentityProviders = new[] { new { ProviderName = "not-a-user-pool", ClientId = "abc" } } }));
    }

    [Fact]
    public async Task ListIdentityPools_pages_through_every_pool_once()
    {
        var mine = new[] { await _flows.CreatePool(), await _flows.CreatePool(), await _flows.CreatePool() };

        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = await Aws.Identity("ListIdentityPools", next is null ? new { MaxResults = 2 } : (object)new { MaxResults = 2, NextToken = next });
            var pools = page["IdentityPools"]!.AsArray();
            Assert.InRange(pools.Count, 0, 2);
            foreach (var pool in pools)
            {
                Assert.NotNull(pool!["IdentityPoolName"]);
                seen.Add(pool["IdentityPoolId"].Str());
            }
            next = page["NextToken"]?.GetValue<string>();
        }
        while (next is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Subset(seen.ToHashSet(), mine.ToHashSet());
        await Expect.InvalidParameter(() => Aws.Identity("ListIdentityPools", new { MaxResults = 2, NextToken = "garbage" }));
    }

    [Fact]
    public async Task SetIdentityPoolRoles_stores_roles_and_mappings_that_GetIdentityPoolRoles_returns()
    {
        var provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01";
        var id = await _flows.CreatePool(new { CognitoIdentityProviders = new[] { new { ProviderName = provider, ClientId = "client1" } } });
        var rules = new
        {
            Type = "Rules",
            AmbiguousRoleResolution = "Deny",
            RulesConfiguration = new { Rules = new[] { new { Claim = "cognito:groups", MatchType = "Contains", Value = "admins", RoleARN = "arn:aws:iam::000000000000:role/Admins" } } },
        };

        await Aws.Identity("SetIdentityPoolRoles", new { IdentityPoolId = id, Roles = new { authenticated = Role }, RoleMappings = new Dictionary<string, object> { [$"{provider}:client1"] = rules } });

        var roles = await Aws.Identity("GetIdentityPoolRoles", new { IdentityPoolId = id });
        Expect.Contains($$"""
            {
              "IdentityPoolId": "{{id}}", "Roles": { "authenticated": "{{Role}}" },
              "RoleMappings": { "{{provider}}:client1": { "Type": "Rules", "AmbiguousRoleResolution": "Deny",
                "RulesConfiguration": { "Rules": [{ "Claim": "cognito:groups", "MatchType": "Contains", "Value": "admins", "RoleARN": "arn:aws:iam::000000000000:role/Admins" }] } } }
            }
            """, roles);
    }

    [Fact]
    public async Task SetIdentityPoolRoles_refuses_bad_roles_unknown_providers_and_incomplete_mappings()
    {
        var provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01";
        var id = await _flows.CreatePool(new { CognitoIdentityProviders = new[] { new { ProviderName = provider, ClientId = "client1" } } });
        Task Set(object roles, object? mappings = null) => Aws.Identity("SetIdentityPoolRoles", new { IdentityPoolId = id, Roles = roles, RoleMappings = mappings });

        await Expect.InvalidParameter(() => Set(new { authenticated = "arn:aws:iam::000000000000:user/NotARole" }));
        await Validation(() => Set(new Dictionary<string, string> { ["admins"] = Role }));
        await Expect.InvalidParameter(() => Set(new { authenticated = Role }, new Dictionary<string, object> { ["cognito-idp.us-east-1.amazonaws.com/us-east-1_Other0001:client1"] = new { Type = "Token", AmbiguousRoleResolution = "Deny" } }));
        await Expect.InvalidParameter(() => Set(new { authenticated = Role }, new Dictionary<string, object> { [$"{provider}:client1"] = new { Type = "Rules", AmbiguousRoleResolution = "Deny" } }));
        await Expect.InvalidParameter(() => Set(new { authenticated = Role }, new Dictionary<string, object> { [$"{provider}:client1"] = new { Type = "Token" } }));
        await Validation(() => Set(new { authenticated = Role }, new Dictionary<string, object> { [$"{provider}:client1"] = new { Type = "Groups", AmbiguousRoleResolution = "Deny" } }));
        await Validation(() => Aws.Identity("SetIdentityPoolRoles", new { IdentityPoolId = id }));
    }

    [Fact]
    public async Task Principal_tag_maps_are_kept_per_provider()
    {
        var provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01";
        var id = await _flows.CreatePool(new { CognitoIdentityProviders = new[] { new { ProviderName = provider, ClientId = "client1" } } });

        var set = await Aws.Identity("SetPrincipalTagAttributeMap", new { IdentityPoolId = id, IdentityProviderName = provider, UseDefaults = false, PrincipalTags = new { department = "custom:dept" } });
        var got = await Aws.Identity("GetPrincipalTagAttributeMap", new { IdentityPoolId = id, IdentityProviderName = provider });

        Expect.Contains($$"""{ "IdentityPoolId": "{{id}}", "IdentityProviderName": "{{provider}}", "UseDefaults": false, "PrincipalTags": { "department": "custom:dept" } }""", set);
        Assert.True(JsonNode.DeepEquals(set, got), got.ToJsonString());
        await Expect.InvalidParameter(() => Aws.Identity("GetPrincipalTagAttributeMap", new { IdentityPoolId = id, IdentityProviderName = "graph.facebook.com" }));
    }

    [Fact]
    public async Task Tags_are_added_listed_and_removed_by_the_pool_arn()
    {
        var id = await _flows.CreatePool(new { IdentityPoolTags = new { team = "blue" } });
        var arn = $"arn:aws:cognito-identity:us-east-1:000000000000:identitypool/{id}";

        await Aws.Identity("TagResource", new { ResourceArn = arn, Tags = new { stage = "dev" } });
        await Aws.Identity("UntagResource", new { ResourceArn = arn, TagKeys = new[] { "team" } });

        var tags = await Aws.Identity("ListTagsForResource", new { ResourceArn = arn });
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "stage": "dev" }"""), tags["Tags"]), tags.ToJsonString());
        await Expect.NotFound(() => Aws.Identity("ListTagsForResource", new { ResourceArn = "arn:aws:cognito-identity:us-east-1:000000000000:identitypool/us-east-1:00000000-0000-0000-0000-000000000000" }));
        await Expect.InvalidParameter(() => Aws.Identity("ListTagsForResource", new { ResourceArn = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Example01" }));
    }

    [Fact]
    public async Task Errors_carry_the_model_statuses()
    {
        var error = await Expect.Error("ResourceNotFoundException", HttpStatusCode.NotFound,
            () => Aws.Identity("GetId", new { IdentityPoolId = "us-east-1:00000000-0000-0000-0000-000000000000" }));
        Assert.Equal("IdentityPool 'us-east-1:00000000-0000-0000-0000-000000000000' not found.", error.AwsMessage);
    }
}
