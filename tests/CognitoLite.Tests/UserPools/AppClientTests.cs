using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

public sealed class AppClientTestsOnPostgres(PostgresHost fixture) : AppClientContract(fixture), IClassFixture<PostgresHost>;

public sealed class AppClientTestsOnSqlite(SqliteHost fixture) : AppClientContract(fixture), IClassFixture<SqliteHost>;

/// <summary>The app client operations through the real host, on either store. Every test makes its own pool.</summary>
public abstract partial class AppClientContract(HostFixture fixture)
{
    private const string MissingPool = "us-east-1_NoSuchP00l";
    private const string MissingClient = "abcdefghijklmnopqrstuvwxyz";

    private static readonly string[] DefaultAuthFlows = ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"];

    protected CognitoHost Host { get; } = fixture.Host;

    protected AwsClient Aws { get; } = fixture.Host.Aws();

    /// <summary>
    /// One pool per host for tests that only need somewhere to put clients and never count them: every pool has its
    /// own RSA signing key, and making one per test would dominate the suite's run time.
    /// </summary>
    private static readonly ConditionalWeakTable<CognitoHost, Task<string>> SharedPools = new();

    private Task<string> SharedPool() =>
        SharedPools.GetValue(Host, _ => CreatePool("""{ "Schema": [ { "Name": "tenant", "AttributeDataType": "String" } ] }"""));

    private async Task<string> CreatePool(string? settingsJson = null)
    {
        var body = JsonNode.Parse(settingsJson ?? "{}")!.AsObject();
        body["PoolName"] = "clients-" + Guid.NewGuid().ToString("N")[..12];
        return (await Aws.Idp("CreateUserPool", body.ToJsonString()))["UserPool"]!["Id"].Str();
    }

    private async Task<JsonNode> CreateClient(string poolId, string? settingsJson = null)
    {
        var body = JsonNode.Parse(settingsJson ?? "{}")!.AsObject();
        body["UserPoolId"] = poolId;
        body["ClientName"] ??= "client";
        return (await Aws.Idp("CreateUserPoolClient", body.ToJsonString()))["UserPoolClient"]!;
    }

    private async Task<JsonNode> DescribeClient(string poolId, string clientId) =>
        (await Aws.Idp("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = clientId }))["UserPoolClient"]!;

    private static List<string> Sorted(JsonNode? list) => list.Strings().Order(StringComparer.Ordinal).ToList();

    // ---- CreateUserPoolClient / DescribeUserPoolClient ----

    [Fact]
    public async Task CreateUserPoolClient_returns_AWS_defaults_and_Describe_returns_the_same()
    {
        var poolId = await SharedPool();
        var created = await CreateClient(poolId, """{ "ClientName": "web app" }""");

        Assert.Matches(ClientId(), created["ClientId"].Str());
        Assert.Equal(poolId, created["UserPoolId"].Str());
        Assert.Equal("web app", created["ClientName"].Str());
        Assert.Null(created["ClientSecret"]);
        Expect.IsEpochSeconds(created["CreationDate"]);
        Expect.IsEpochSeconds(created["LastModifiedDate"]);
        Assert.Equal(DefaultAuthFlows, Sorted(created["ExplicitAuthFlows"]));
        Expect.Contains("""
            {
              "RefreshTokenValidity": 30,
              "PreventUserExistenceErrors": "ENABLED",
              "EnableTokenRevocation": true,
              "EnablePropagateAdditionalUserContextData": false,
              "AuthSessionValidity": 3,
              "AllowedOAuthFlowsUserPoolClient": false
            }
            """, created);
        Assert.Null(created["AllowedOAuthFlows"]);
        Assert.Null(created["CallbackURLs"]);

        var described = await DescribeClient(poolId, created["ClientId"].Str());
        Assert.True(JsonNode.DeepEquals(created, described), $"Create returned {created.ToJsonString()}, Describe {described.ToJsonString()}");
    }

    [Fact]
    public async Task GenerateSecret_returns_a_51_character_secret_that_Describe_returns_again_and_that_is_stored_encrypted()
    {
        var poolId = await SharedPool();
        var created = await CreateClient(poolId, """{ "GenerateSecret": true }""");
        var clientId = created["ClientId"].Str();
        var secret = created["ClientSecret"].Str();
        Assert.Matches(ClientSecret(), secret);

        Assert.Equal(secret, (await DescribeClient(poolId, clientId))["ClientSecret"].Str());

        var rows = await StoredRows.Read(Host, $"SELECT * FROM \"AppClients\" WHERE \"Id\" = '{clientId}'");
        var row = Assert.Single(rows);
        Assert.DoesNotContain(secret, row, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.ToUpperInvariant(), row, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SecretCipher=NULL", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUserPoolClient_keeps_a_ClientSecret_given_by_the_caller()
    {
        var poolId = await SharedPool();
        const string secret = "my0own0secret0of0thirty0two0chars";
        var created = await CreateClient(poolId, $$"""{ "GenerateSecret": true, "ClientSecret": "{{secret}}" }""");
        Assert.Equal(secret, created["ClientSecret"].Str());
        Assert.Equal(secret, (await DescribeClient(poolId, created["ClientId"].Str()))["ClientSecret"].Str());
    }

    [Fact]
    public async Task CreateUserPoolClient_stores_every_setting_given_and_returns_it_as_given()
    {
        var poolId = await SharedPool();
        const string settings = """
            {
              "ClientName": "spa",
              "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
              "AccessTokenValidity": 30,
              "IdTokenValidity": 2,
              "RefreshTokenValidity": 7,
              "TokenValidityUnits": { "AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "days" },
              "ReadAttributes": ["email", "email_verified", "custom:tenant"],
              "WriteAttributes": ["email", "custom:tenant"],
              "SupportedIdentityProviders": ["COGNITO"],
              "CallbackURLs": ["https://app.example.com/callback", "http://localhost:3000/callback", "myapp://callback"],
              "LogoutURLs": ["https://app.example.com/signed-out"],
              "DefaultRedirectURI": "https://app.example.com/callback",
              "AllowedOAuthFlows": ["code", "implicit"],
              "AllowedOAuthScopes": ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
              "AllowedOAuthFlowsUserPoolClient": true,
              "PreventUserExistenceErrors": "LEGACY",
              "EnableTokenRevocation": false,
              "AuthSessionValidity": 10
            }
            """;
        var created = await CreateClient(poolId, settings);
        var described = await DescribeClient(poolId, created["ClientId"].Str());
        Expect.Contains(settings, created);
        Expect.Contains(settings, described);
    }

    [Fact]
    public async Task CreateUserPoolClient_accepts_legacy_flows_alone_but_refuses_them_mixed_with_ALLOW_flows()
    {
        var poolId = await SharedPool();
        var legacy = await CreateClient(poolId, """{ "ExplicitAuthFlows": ["ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"] }""");
        Assert.Equal(["ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"], Sorted(legacy["ExplicitAuthFlows"]));

        await Expect.InvalidParameter(() => CreateClient(poolId, """{ "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "USER_PASSWORD_AUTH"] }"""));
    }

    [Fact]
    public async Task CreateUserPoolClient_refuses_an_unknown_auth_flow_with_the_AWS_message()
    {
        var poolId = await SharedPool();
        var error = await Expect.InvalidParameter(() => CreateClient(poolId, """{ "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_MAGIC"] }"""));
        Assert.Equal(
            "1 validation error detected: Value '[ALLOW_USER_SRP_AUTH, ALLOW_MAGIC]' at 'explicitAuthFlows' failed to satisfy constraint: " +
            "Member must satisfy constraint: [Member must satisfy enum value set: [ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH, " +
            "ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_AUTH]]",
            error.AwsMessage);
    }

    [Fact]
    public async Task CreateUserPoolClient_refuses_attributes_the_pool_does_not_have()
    {
        var poolId = await SharedPool();
        await Expect.InvalidParameter(() => CreateClient(poolId, """{ "ReadAttributes": ["email", "custom:nope"] }"""));
        await Expect.InvalidParameter(() => CreateClient(poolId, """{ "WriteAttributes": ["favourite_colour"] }"""));
    }

    [Fact]
    public async Task CreateUserPoolClient_requires_ClientName_and_an_existing_pool()
    {
        var error = await Expect.InvalidParameter(() => Aws.Idp("CreateUserPoolClient", new { UserPoolId = MissingPool }));
        Assert.Equal("1 validation error detected: Value null at 'clientName' failed to satisfy constraint: Member must not be null", error.AwsMessage);
        await Expect.NotFound(() => Aws.Idp("CreateUserPoolClient", new { UserPoolId = MissingPool, ClientName = "x" }));
    }

    // ---- Token validity ----

    [Theory]
    [InlineData("AccessTokenValidity", 24, null, true)]
    [InlineData("AccessTokenValidity", 25, null, false)] // hours by default: more than a day
    [InlineData("AccessTokenValidity", 5, "minutes", true)]
    [InlineData("AccessTokenValidity", 4, "minutes", false)]
    [InlineData("AccessTokenValidity", 299, "seconds", false)]
    [InlineData("AccessTokenValidity", 1, "days", true)]
    [InlineData("AccessTokenValidity", 2, "days", false)]
    [InlineData("IdTokenValidity", 86400, "seconds", true)]
    [InlineData("IdTokenValidity", 1441, "minutes", false)]
    [InlineData("IdTokenValidity", 1, null, true)]
    [InlineData("RefreshTokenValidity", 3650, null, true)] // days by default
    [InlineData("RefreshTokenValidity", 3651, null, false)]
    [InlineData("RefreshTokenValidity", 60, "minutes", true)]
    [InlineData("RefreshTokenValidity", 59, "minutes", false)]
    [InlineData("RefreshTokenValidity", 1, "hours", true)]
    public async Task Token_validity_is_checked_in_its_unit(string member, int value, string? unit, bool accepted)
    {
        var poolId = await SharedPool();
        var body = new JsonObject { [member] = value };
        if (unit is not null) body["TokenValidityUnits"] = new JsonObject { [member.Replace("Validity", "", StringComparison.Ordinal)] = unit };

        if (accepted)
        {
            var client = await CreateClient(poolId, body.ToJsonString());
            Assert.Equal(value, client[member]!.GetValue<int>());
            if (unit is not null) Assert.Equal(unit, client["TokenValidityUnits"]![member.Replace("Validity", "", StringComparison.Ordinal)].Str());
        }
        else
        {
            var error = await Expect.InvalidParameter(() => CreateClient(poolId, body.ToJsonString()));
            Assert.Contains("token validity", error.AwsMessage, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("""{ "AuthSessionValidity": 2 }""", "Value '2' at 'authSessionValidity' failed to satisfy constraint: Member must have value greater than or equal to 3")]
    [InlineData("""{ "AuthSessionValidity": 16 }""", "Value '16' at 'authSessionValidity' failed to satisfy constraint: Member must have value less than or equal to 15")]
    [InlineData("""{ "AccessTokenValidity": 0 }""", "Value '0' at 'accessTokenValidity' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    [InlineData("""{ "TokenValidityUnits": { "AccessToken": "weeks" } }""",
        "Value 'weeks' at 'tokenValidityUnits.accessToken' failed to satisfy constraint: Member must satisfy enum value set: [seconds, minutes, hours, days]")]
    [InlineData("""{ "PreventUserExistenceErrors": "DISABLED" }""",
        "Value 'DISABLED' at 'preventUserExistenceErrors' failed to satisfy constraint: Member must satisfy enum value set: [LEGACY, ENABLED]")]
    public async Task CreateUserPoolClient_validates_members_with_the_AWS_message(string settings, string violation)
    {
        var poolId = await SharedPool();
        var error = await Expect.InvalidParameter(() => CreateClient(poolId, settings));
        Assert.Equal("1 validation error detected: " + violation, error.AwsMessage);
    }

    // ---- OAuth rules ----

    [Fact]
    public async Task Client_credentials_cannot_be_combined_with_code()
    {
        var poolId = await SharedPool();
        await Expect.Error("InvalidOAuthFlowException", HttpStatusCode.BadRequest, () => CreateClient(poolId, """
            { "GenerateSecret": true, "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["client_credentials", "code"],
              "AllowedOAuthScopes": ["openid"], "CallbackURLs": ["https://app.example.com/cb"] }
            """));
    }

    [Fact]
    public async Task Client_credentials_needs_a_client_secret()
    {
        var poolId = await SharedPool();
        await Expect.Error("InvalidOAuthFlowException", HttpStatusCode.BadRequest, () => CreateClient(poolId, """
            { "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["client_credentials"], "AllowedOAuthScopes": ["openid"] }
            """));
    }

    [Fact]
    public async Task An_unknown_scope_is_ScopeDoesNotExist()
    {
        var poolId = await SharedPool();
        await Expect.Error("ScopeDoesNotExistException", HttpStatusCode.BadRequest, () => CreateClient(poolId, """
            { "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "orders/read"],
              "CallbackURLs": ["https://app.example.com/cb"] }
            """));
    }

    [Theory]
    [InlineData("http://app.example.com/cb")]
    [InlineData("https://app.example.com/cb#fragment")]
    [InlineData("not a url")]
    public async Task A_callback_URL_that_is_not_https_or_localhost_http_is_refused(string url)
    {
        var poolId = await SharedPool();
        var body = JsonNode.Parse("""{ "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"] }""")!;
        body["CallbackURLs"] = new JsonArray(url);
        await Expect.InvalidParameter(() => CreateClient(poolId, body.ToJsonString()));
    }

    [Fact]
    public async Task A_logout_URL_over_plain_http_to_another_host_is_refused()
    {
        var poolId = await SharedPool();
        await Expect.InvalidParameter(() => CreateClient(poolId, """{ "LogoutURLs": ["http://app.example.com/bye"] }"""));
    }

    [Fact]
    public async Task DefaultRedirectURI_must_be_one_of_the_CallbackURLs()
    {
        var poolId = await SharedPool();
        await Expect.InvalidParameter(() => CreateClient(poolId, """
            { "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"],
              "CallbackURLs": ["https://app.example.com/cb"], "DefaultRedirectURI": "https://other.example.com/cb" }
            """));
    }

    [Fact]
    public async Task Client_credentials_with_a_secret_is_accepted()
    {
        // AWS refuses user scopes such as openid for client_credentials: a machine client gets resource-server scopes.
        var poolId = await CreatePool();
        await Aws.Idp("CreateResourceServer", new { UserPoolId = poolId, Identifier = "orders", Name = "Orders", Scopes = new[] { new { ScopeName = "read", ScopeDescription = "Read" } } });
        var client = await CreateClient(poolId, """
            { "GenerateSecret": true, "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["client_credentials"],
              "AllowedOAuthScopes": ["orders/read"] }
            """);
        Assert.Equal(["client_credentials"], client["AllowedOAuthFlows"].Strings());
        Assert.True(client["AllowedOAuthFlowsUserPoolClient"]!.GetValue<bool>());
    }

    // ---- UpdateUserPoolClient ----

    [Fact]
    public async Task UpdateUserPoolClient_resets_omitted_settings_to_defaults_and_keeps_id_secret_and_creation_date()
    {
        var poolId = await SharedPool();
        var created = await CreateClient(poolId, """
            {
              "GenerateSecret": true,
              "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
              "RefreshTokenValidity": 10,
              "AccessTokenValidity": 2,
              "ReadAttributes": ["email"],
              "PreventUserExistenceErrors": "LEGACY",
              "EnableTokenRevocation": false,
              "AuthSessionValidity": 10,
              "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"],
              "CallbackURLs": ["https://app.example.com/cb"]
            }
            """);
        var clientId = created["ClientId"].Str();

        var updated = (await Aws.Idp("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = clientId, ClientName = "renamed" }))["UserPoolClient"]!;

        Assert.Equal(clientId, updated["ClientId"].Str());
        Assert.Equal("renamed", updated["ClientName"].Str());
        Assert.Equal(created["ClientSecret"].Str(), updated["ClientSecret"].Str());
        Assert.Equal(created["CreationDate"]!.GetValue<double>(), updated["CreationDate"]!.GetValue<double>());
        Assert.Equal(DefaultAuthFlows, Sorted(updated["ExplicitAuthFlows"]));
        Expect.Contains("""
            {
              "RefreshTokenValidity": 30,
              "PreventUserExistenceErrors": "ENABLED",
              "EnableTokenRevocation": true,
              "AuthSessionValidity": 3,
              "AllowedOAuthFlowsUserPoolClient": false
            }
            """, updated);
        Assert.Null(updated["AccessTokenValidity"]);
        Assert.Null(updated["ReadAttributes"]);
        Assert.Null(updated["AllowedOAuthFlows"]);
        Assert.Null(updated["CallbackURLs"]);

        var described = await DescribeClient(poolId, clientId);
        Assert.True(JsonNode.DeepEquals(updated, described), $"Update returned {updated.ToJsonString()}, Describe {described.ToJsonString()}");
    }

    [Fact]
    public async Task UpdateUserPoolClient_stores_the_settings_given_and_applies_the_same_rules_as_create()
    {
        var poolId = await SharedPool();
        var clientId = (await CreateClient(poolId))["ClientId"].Str();
        const string settings = """
            { "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
              "IdTokenValidity": 15, "TokenValidityUnits": { "IdToken": "minutes" }, "EnableTokenRevocation": false }
            """;
        var body = JsonNode.Parse(settings)!.AsObject();
        body["UserPoolId"] = poolId;
        body["ClientId"] = clientId;
        var updated = (await Aws.Idp("UpdateUserPoolClient", body.ToJsonString()))["UserPoolClient"]!;
        Expect.Contains(settings, updated);
        Assert.Equal("client", updated["ClientName"].Str());
        Assert.Null(updated["ClientSecret"]);

        await Expect.Error("InvalidOAuthFlowException", HttpStatusCode.BadRequest, () => Aws.Idp("UpdateUserPoolClient", JsonNode.Parse($$"""
            { "UserPoolId": "{{poolId}}", "ClientId": "{{clientId}}", "AllowedOAuthFlowsUserPoolClient": true,
              "AllowedOAuthFlows": ["client_credentials"], "AllowedOAuthScopes": ["openid"] }
            """)!.ToJsonString()));
        await Expect.InvalidParameter(() => Aws.Idp("UpdateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientId = clientId,
            RefreshTokenValidity = 11,
            TokenValidityUnits = new { RefreshToken = "days" },
            AccessTokenValidity = 48,
        }));
        Expect.Contains(settings, await DescribeClient(poolId, clientId));
    }

    // ---- DeleteUserPoolClient ----

    [Fact]
    public async Task DeleteUserPoolClient_then_Describe_is_ResourceNotFound()
    {
        var poolId = await CreatePool(); // its own: the test lists the pool's clients
        var clientId = (await CreateClient(poolId))["ClientId"].Str();
        Assert.Equal("{}", (await Aws.Idp("DeleteUserPoolClient", new { UserPoolId = poolId, ClientId = clientId })).ToJsonString());

        var error = await Expect.NotFound(() => DescribeClient(poolId, clientId));
        Assert.Equal($"User pool client {clientId} does not exist.", error.AwsMessage);
        await Expect.NotFound(() => Aws.Idp("DeleteUserPoolClient", new { UserPoolId = poolId, ClientId = clientId }));
        await Expect.NotFound(() => Aws.Idp("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = clientId }));
        var list = await Aws.Idp("ListUserPoolClients", new { UserPoolId = poolId });
        Assert.Empty(list["UserPoolClients"]!.AsArray());
    }

    [Fact]
    public async Task A_client_is_not_found_through_another_pool()
    {
        var poolA = await CreatePool();
        var poolB = await SharedPool();
        var clientId = (await CreateClient(poolA))["ClientId"].Str();

        await Expect.NotFound(() => DescribeClient(poolB, clientId));
        await Expect.NotFound(() => Aws.Idp("UpdateUserPoolClient", new { UserPoolId = poolB, ClientId = clientId, ClientName = "hijack" }));
        await Expect.NotFound(() => Aws.Idp("DeleteUserPoolClient", new { UserPoolId = poolB, ClientId = clientId }));

        Assert.Equal("client", (await DescribeClient(poolA, clientId))["ClientName"].Str());
    }

    [Fact]
    public async Task Client_operations_on_an_unknown_pool_or_client_are_ResourceNotFound()
    {
        var poolId = await SharedPool();
        await Expect.NotFound(() => DescribeClient(MissingPool, MissingClient));
        await Expect.NotFound(() => DescribeClient(poolId, MissingClient));
        await Expect.NotFound(() => Aws.Idp("UpdateUserPoolClient", new { UserPoolId = poolId, ClientId = MissingClient }));
        await Expect.NotFound(() => Aws.Idp("DeleteUserPoolClient", new { UserPoolId = MissingPool, ClientId = MissingClient }));
        await Expect.NotFound(() => Aws.Idp("ListUserPoolClients", new { UserPoolId = MissingPool }));
    }

    // ---- ListUserPoolClients ----

    [Fact]
    public async Task ListUserPoolClients_pages_through_every_client_exactly_once()
    {
        var poolId = await CreatePool(); // its own: the test counts the pool's clients
        var otherPool = await SharedPool();
        await CreateClient(otherPool, """{ "ClientName": "elsewhere" }""");
        var mine = new Dictionary<string, string>();
        for (var i = 0; i < 5; i++)
        {
            var client = await CreateClient(poolId, $$"""{ "ClientName": "client-{{i}}", "GenerateSecret": true }""");
            mine[client["ClientId"].Str()] = client["ClientName"].Str();
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Aws.Idp("ListUserPoolClients", token is null
                ? new { UserPoolId = poolId, MaxResults = 2 }
                : (object)new { UserPoolId = poolId, MaxResults = 2, NextToken = token });
            foreach (var client in page["UserPoolClients"]!.AsArray())
            {
                Assert.Equal(poolId, client!["UserPoolId"].Str());
                Assert.Null(client["ClientSecret"]);
                var id = client["ClientId"].Str();
                Assert.Equal(mine[id], client["ClientName"].Str());
                seen.Add(id);
            }
            token = page["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(mine.Keys.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        var all = await Aws.Idp("ListUserPoolClients", new { UserPoolId = poolId });
        Assert.Equal(5, all["UserPoolClients"]!.AsArray().Count);
        Assert.Null(all["NextToken"]);
    }

    [Fact]
    public async Task ListUserPoolClients_refuses_a_bad_NextToken_and_MaxResults_out_of_range()
    {
        var poolId = await SharedPool();
        await Expect.InvalidParameter(() => Aws.Idp("ListUserPoolClients", new { UserPoolId = poolId, NextToken = "garbage" }));
        var error = await Expect.InvalidParameter(() => Aws.Idp("ListUserPoolClients", new { UserPoolId = poolId, MaxResults = 61 }));
        Assert.Equal("1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60", error.AwsMessage);
    }

    [GeneratedRegex("^[a-z0-9]{26}$")]
    private static partial Regex ClientId();

    [GeneratedRegex("^[a-z0-9]{51}$")]
    private static partial Regex ClientSecret();
}
