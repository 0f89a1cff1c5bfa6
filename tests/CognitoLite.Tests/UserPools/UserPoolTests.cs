using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

public sealed class UserPoolTestsOnPostgres(PostgresHost fixture) : UserPoolContract(fixture), IClassFixture<PostgresHost>;

public sealed class UserPoolTestsOnSqlite(SqliteHost fixture) : UserPoolContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// The user pool operations through the real host, on either store. Tests of a class share one database:
/// each creates its own pools and never counts pools it did not create.
/// </summary>
public abstract partial class UserPoolContract(HostFixture fixture)
{
    private const string MissingPool = "us-east-1_NoSuchP00l";

    private static readonly string[] StandardAttributeNames =
    [
        "sub", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
        "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number",
        "phone_number_verified", "address", "updated_at",
    ];

    protected CognitoHost Host { get; } = fixture.Host;

    protected AwsClient Aws { get; } = fixture.Host.Aws();

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<JsonNode> CreatePool(string? settingsJson = null)
    {
        var body = JsonNode.Parse(settingsJson ?? "{}")!.AsObject();
        body["PoolName"] ??= UniqueName("pool");
        return (await Aws.Idp("CreateUserPool", body.ToJsonString()))["UserPool"]!;
    }

    private async Task<JsonNode> Describe(string id) => (await Aws.Idp("DescribeUserPool", new { UserPoolId = id }))["UserPool"]!;

    private static JsonNode Attribute(JsonNode pool, string name) =>
        pool["SchemaAttributes"]!.AsArray().Single(a => a!["Name"].Str() == name)!;

    // ---- CreateUserPool / DescribeUserPool ----

    [Fact]
    public async Task CreateUserPool_returns_AWS_defaults_and_DescribeUserPool_returns_the_same()
    {
        var name = UniqueName("defaults");
        var created = await CreatePool($$"""{"PoolName":"{{name}}"}""");
        var id = created["Id"].Str();

        Assert.Matches(PoolId(), id);
        Assert.Equal(name, created["Name"].Str());
        Assert.Equal($"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{id}", created["Arn"].Str());
        Expect.IsEpochSeconds(created["CreationDate"]);
        Expect.IsEpochSeconds(created["LastModifiedDate"]);
        Expect.Contains("""
            {
              "Policies": { "PasswordPolicy": { "MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true,
                                                "RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 7 } },
              "DeletionProtection": "INACTIVE",
              "MfaConfiguration": "OFF",
              "EstimatedNumberOfUsers": 0,
              "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": false, "UnusedAccountValidityDays": 7 },
              "UsernameConfiguration": { "CaseSensitive": false },
              "LambdaConfig": {},
              "UserPoolTags": {},
              "VerificationMessageTemplate": { "DefaultEmailOption": "CONFIRM_WITH_CODE" },
              "EmailConfiguration": { "EmailSendingAccount": "COGNITO_DEFAULT" },
              "UserPoolTier": "ESSENTIALS"
            }
            """, created);
        Assert.Null(created["AliasAttributes"]);
        Assert.Null(created["UsernameAttributes"]);
        Assert.Null(created["AutoVerifiedAttributes"]);

        var schema = created["SchemaAttributes"]!.AsArray();
        Assert.Equal(StandardAttributeNames, schema.Take(StandardAttributeNames.Length).Select(a => a!["Name"].Str()));
        Expect.Contains("""
            { "Name": "sub", "AttributeDataType": "String", "DeveloperOnlyAttribute": false, "Mutable": false, "Required": true,
              "StringAttributeConstraints": { "MinLength": "1", "MaxLength": "2048" } }
            """, Attribute(created, "sub"));
        Expect.Contains("""
            { "Name": "email_verified", "AttributeDataType": "Boolean", "DeveloperOnlyAttribute": false, "Mutable": true, "Required": false }
            """, Attribute(created, "email_verified"));
        Expect.Contains("""
            { "Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": false,
              "StringAttributeConstraints": { "MinLength": "0", "MaxLength": "2048" } }
            """, Attribute(created, "email"));
        Expect.Contains("""{ "Name": "updated_at", "AttributeDataType": "Number", "NumberAttributeConstraints": { "MinValue": "0" } }""",
            Attribute(created, "updated_at"));
        Assert.DoesNotContain(schema, a => a!["Name"].Str().StartsWith("custom:", StringComparison.Ordinal));

        var described = await Describe(id);
        Assert.True(JsonNode.DeepEquals(created, described), $"Create returned {created.ToJsonString()}, Describe {described.ToJsonString()}");
    }

    [Fact]
    public async Task CreateUserPool_stores_every_setting_given_and_returns_it_as_given()
    {
        const string settings = """
            {
              "Policies": { "PasswordPolicy": { "MinimumLength": 12, "RequireUppercase": false, "RequireLowercase": true,
                                                "RequireNumbers": false, "RequireSymbols": true, "TemporaryPasswordValidityDays": 3 } },
              "DeletionProtection": "ACTIVE",
              "LambdaConfig": { "PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up",
                                "PostConfirmation": "arn:aws:lambda:us-east-1:123456789012:function:post-confirmation",
                                "PreTokenGenerationConfig": { "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:pre-token",
                                                              "LambdaVersion": "V2_0" } },
              "AutoVerifiedAttributes": ["email"],
              "AliasAttributes": ["email", "preferred_username"],
              "VerificationMessageTemplate": { "SmsMessage": "Your code is {####}", "EmailMessage": "Your code is {####}",
                                               "EmailSubject": "Verify your email", "DefaultEmailOption": "CONFIRM_WITH_CODE" },
              "UserPoolTags": { "team": "identity", "env": "test" },
              "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true,
                                         "InviteMessageTemplate": { "SMSMessage": "Hi {username}, use {####}",
                                                                    "EmailMessage": "Hi {username}, use {####}",
                                                                    "EmailSubject": "Welcome" } },
              "AccountRecoverySetting": { "RecoveryMechanisms": [ { "Priority": 1, "Name": "verified_email" },
                                                                  { "Priority": 2, "Name": "verified_phone_number" } ] },
              "UsernameConfiguration": { "CaseSensitive": true },
              "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": ["email"] },
              "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false }
            }
            """;
        var request = JsonNode.Parse(settings)!.AsObject();
        request["Schema"] = JsonNode.Parse("""
            [
              { "Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true },
              { "Name": "tenant", "AttributeDataType": "String", "Mutable": false,
                "StringAttributeConstraints": { "MinLength": "1", "MaxLength": "64" } },
              { "Name": "level", "AttributeDataType": "Number", "DeveloperOnlyAttribute": true,
                "NumberAttributeConstraints": { "MinValue": "0", "MaxValue": "10" } }
            ]
            """);
        var created = await CreatePool(request.ToJsonString());
        var described = await Describe(created["Id"].Str());

        foreach (var pool in new[] { created, described })
        {
            Expect.Contains(settings, pool);
            Assert.Equal("Verify your email", pool["EmailVerificationSubject"].Str());
            Assert.Equal("Your code is {####}", pool["EmailVerificationMessage"].Str());
            Assert.Equal("Your code is {####}", pool["SmsVerificationMessage"].Str());
            Assert.Null(pool["UsernameAttributes"]);
            Expect.Contains("""{ "Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true }""", Attribute(pool, "email"));
            Expect.Contains("""
                { "Name": "custom:tenant", "AttributeDataType": "String", "DeveloperOnlyAttribute": false, "Mutable": false, "Required": false,
                  "StringAttributeConstraints": { "MinLength": "1", "MaxLength": "64" } }
                """, Attribute(pool, "custom:tenant"));
            // A developer-only attribute is named dev:custom:<name> on AWS.
            Expect.Contains("""
                { "Name": "dev:custom:level", "AttributeDataType": "Number", "DeveloperOnlyAttribute": true, "Mutable": true, "Required": false,
                  "NumberAttributeConstraints": { "MinValue": "0", "MaxValue": "10" } }
                """, Attribute(pool, "dev:custom:level"));
            Assert.DoesNotContain(pool["SchemaAttributes"]!.AsArray(), a => a!["Name"].Str() is "tenant" or "level" or "custom:level");
        }
    }

    [Fact]
    public async Task CreateUserPool_with_UsernameAttributes_returns_them()
    {
        var pool = await CreatePool("""{ "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""");
        var described = await Describe(pool["Id"].Str());
        Assert.Equal(["email"], described["UsernameAttributes"].Strings());
        Assert.Equal(["email"], described["AutoVerifiedAttributes"].Strings());
        Assert.Null(described["AliasAttributes"]);
    }

    [Fact]
    public async Task CreateUserPool_refuses_AliasAttributes_together_with_UsernameAttributes()
    {
        await Expect.InvalidParameter(() => CreatePool("""{ "AliasAttributes": ["preferred_username"], "UsernameAttributes": ["email"] }"""));
    }

    [Fact]
    public async Task CreateUserPool_refuses_a_required_custom_attribute()
    {
        await Expect.InvalidParameter(() => CreatePool("""{ "Schema": [ { "Name": "tenant", "AttributeDataType": "String", "Required": true } ] }"""));
    }

    [Fact]
    public async Task CreateUserPool_refuses_to_change_sub()
    {
        await Expect.InvalidParameter(() => CreatePool("""{ "Schema": [ { "Name": "sub", "AttributeDataType": "String", "Mutable": true } ] }"""));
    }

    [Fact]
    public async Task CreateUserPool_refuses_a_password_policy_out_of_range_with_the_AWS_message()
    {
        var error = await Expect.InvalidParameter(() => CreatePool("""{ "Policies": { "PasswordPolicy": { "MinimumLength": 5 } } }"""));
        Assert.Equal(
            "1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: " +
            "Member must have value greater than or equal to 6",
            error.AwsMessage);
    }

    [Fact]
    public async Task DescribeUserPool_of_an_unknown_pool_is_ResourceNotFound()
    {
        var error = await Expect.NotFound(() => Describe(MissingPool));
        Assert.Equal($"User pool {MissingPool} does not exist.", error.AwsMessage);
    }

    // ---- UpdateUserPool ----

    [Fact]
    public async Task UpdateUserPool_resets_omitted_settings_to_defaults_but_keeps_schema_alias_and_username_settings()
    {
        var created = await CreatePool("""
            {
              "Policies": { "PasswordPolicy": { "MinimumLength": 14, "RequireSymbols": false, "TemporaryPasswordValidityDays": 2 } },
              "DeletionProtection": "ACTIVE",
              "LambdaConfig": { "PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up" },
              "AutoVerifiedAttributes": ["email"],
              "AliasAttributes": ["email"],
              "UsernameConfiguration": { "CaseSensitive": true },
              "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true },
              "VerificationMessageTemplate": { "EmailSubject": "Custom subject", "DefaultEmailOption": "CONFIRM_WITH_LINK" },
              "AccountRecoverySetting": { "RecoveryMechanisms": [ { "Priority": 1, "Name": "admin_only" } ] },
              "Schema": [ { "Name": "tenant", "AttributeDataType": "String" } ]
            }
            """);
        var id = created["Id"].Str();

        Assert.Equal("{}", (await Aws.Idp("UpdateUserPool", new { UserPoolId = id })).ToJsonString());

        var updated = await Describe(id);
        Expect.Contains("""
            {
              "Policies": { "PasswordPolicy": { "MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true,
                                                "RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 7 } },
              "DeletionProtection": "INACTIVE",
              "MfaConfiguration": "OFF",
              "LambdaConfig": {},
              "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": false },
              "VerificationMessageTemplate": { "DefaultEmailOption": "CONFIRM_WITH_CODE" },
              "AliasAttributes": ["email"],
              "UsernameConfiguration": { "CaseSensitive": true }
            }
            """, updated);
        Assert.Equal(created["Name"].Str(), updated["Name"].Str());
        Assert.Null(updated["AutoVerifiedAttributes"]);
        Assert.Null(updated["AccountRecoverySetting"]);
        Assert.Null(updated["VerificationMessageTemplate"]!["EmailSubject"]);
        Assert.Null(updated["UsernameAttributes"]);
        Assert.True(JsonNode.DeepEquals(created["SchemaAttributes"], updated["SchemaAttributes"]));
        Assert.Equal(created["CreationDate"]!.GetValue<double>(), updated["CreationDate"]!.GetValue<double>());
    }

    [Fact]
    public async Task UpdateUserPool_stores_the_settings_given()
    {
        var id = (await CreatePool())["Id"].Str();
        await Aws.Idp("UpdateUserPool", JsonNode.Parse($$"""
            {
              "UserPoolId": "{{id}}",
              "Policies": { "PasswordPolicy": { "MinimumLength": 10, "RequireUppercase": false, "RequireLowercase": false,
                                                "RequireNumbers": true, "RequireSymbols": false, "TemporaryPasswordValidityDays": 30 } },
              "AutoVerifiedAttributes": ["phone_number"],
              "MfaConfiguration": "OFF",
              "UserPoolTags": { "stage": "beta" }
            }
            """)!.ToJsonString());
        Expect.Contains("""
            {
              "Policies": { "PasswordPolicy": { "MinimumLength": 10, "RequireUppercase": false, "RequireLowercase": false,
                                                "RequireNumbers": true, "RequireSymbols": false, "TemporaryPasswordValidityDays": 30 } },
              "AutoVerifiedAttributes": ["phone_number"],
              "UserPoolTags": { "stage": "beta" }
            }
            """, await Describe(id));
    }

    [Fact]
    public async Task UpdateUserPool_of_an_unknown_pool_is_ResourceNotFound()
    {
        await Expect.NotFound(() => Aws.Idp("UpdateUserPool", new { UserPoolId = MissingPool }));
    }

    // ---- DeleteUserPool ----

    [Fact]
    public async Task DeleteUserPool_refuses_while_deletion_protection_is_active_and_deletes_once_inactive()
    {
        var id = (await CreatePool("""{ "DeletionProtection": "ACTIVE" }"""))["Id"].Str();

        var refused = await Expect.InvalidParameter(() => Aws.Idp("DeleteUserPool", new { UserPoolId = id }));
        Assert.Contains("deletion protection", refused.AwsMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ACTIVE", (await Describe(id))["DeletionProtection"].Str());

        await Aws.Idp("UpdateUserPool", new { UserPoolId = id, DeletionProtection = "INACTIVE" });
        Assert.Equal("{}", (await Aws.Idp("DeleteUserPool", new { UserPoolId = id })).ToJsonString());

        await Expect.NotFound(() => Describe(id));
        await Expect.NotFound(() => Aws.Idp("DeleteUserPool", new { UserPoolId = id }));
    }

    [Fact]
    public async Task DeleteUserPool_deletes_its_app_clients_too()
    {
        var id = (await CreatePool())["Id"].Str();
        var clientId = (await Aws.Idp("CreateUserPoolClient", new { UserPoolId = id, ClientName = "web" }))["UserPoolClient"]!["ClientId"].Str();
        await Aws.Idp("DeleteUserPool", new { UserPoolId = id });
        await Expect.NotFound(() => Aws.Idp("DescribeUserPoolClient", new { UserPoolId = id, ClientId = clientId }));
        Assert.Empty(await StoredRows.Read(Host, $"SELECT \"Id\" FROM \"AppClients\" WHERE \"Id\" = '{clientId}'"));
    }

    [Fact]
    public async Task DeleteUserPool_of_an_unknown_pool_is_ResourceNotFound()
    {
        await Expect.NotFound(() => Aws.Idp("DeleteUserPool", new { UserPoolId = MissingPool }));
    }

    // ---- ListUserPools ----

    [Fact]
    public async Task ListUserPools_pages_through_every_pool_exactly_once()
    {
        var mine = new Dictionary<string, string>();
        for (var i = 0; i < 3; i++)
        {
            var pool = await CreatePool();
            mine[pool["Id"].Str()] = pool["Name"].Str();
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Aws.Idp("ListUserPools", token is null ? new { MaxResults = 2 } : new { MaxResults = 2, NextToken = token });
            var pools = page["UserPools"]!.AsArray();
            Assert.InRange(pools.Count, 0, 2);
            foreach (var pool in pools)
            {
                var id = pool!["Id"].Str();
                seen.Add(id);
                Expect.IsEpochSeconds(pool["CreationDate"]);
                Expect.IsEpochSeconds(pool["LastModifiedDate"]);
                Assert.NotNull(pool["LambdaConfig"]);
                if (mine.TryGetValue(id, out var name)) Assert.Equal(name, pool["Name"].Str());
            }
            token = page["NextToken"]?.GetValue<string>();
            if (token is not null) Assert.Equal(2, pools.Count);
            Assert.True(++pages < 1000, "ListUserPools never stopped paging");
        }
        while (token is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(mine.Keys, id => Assert.Contains(id, seen));
        Assert.True(pages >= 2);
    }

    [Fact]
    public async Task ListUserPools_requires_MaxResults()
    {
        var error = await Expect.InvalidParameter(() => Aws.Idp("ListUserPools", new { }));
        Assert.Equal("1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null", error.AwsMessage);
    }

    [Theory]
    [InlineData(61, "Member must have value less than or equal to 60")]
    [InlineData(0, "Member must have value greater than or equal to 1")]
    public async Task ListUserPools_refuses_MaxResults_out_of_range(int maxResults, string constraint)
    {
        var error = await Expect.InvalidParameter(() => Aws.Idp("ListUserPools", new { MaxResults = maxResults }));
        Assert.Equal($"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: {constraint}", error.AwsMessage);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("!!!")]
    [InlineData("djI6c29tZXRoaW5n")]
    public async Task ListUserPools_refuses_a_NextToken_it_did_not_issue(string token)
    {
        await Expect.InvalidParameter(() => Aws.Idp("ListUserPools", new { MaxResults = 10, NextToken = token }));
    }

    // ---- AddCustomAttributes ----

    [Fact]
    public async Task AddCustomAttributes_adds_custom_prefixed_attributes_and_refuses_duplicates()
    {
        var id = (await CreatePool())["Id"].Str();
        Assert.Equal("{}", (await Aws.Idp("AddCustomAttributes", JsonNode.Parse($$"""
            { "UserPoolId": "{{id}}", "CustomAttributes": [
                { "Name": "plan", "AttributeDataType": "String", "Mutable": true,
                  "StringAttributeConstraints": { "MinLength": "0", "MaxLength": "32" } },
                { "Name": "seats", "AttributeDataType": "Number" } ] }
            """)!.ToJsonString())).ToJsonString());

        var pool = await Describe(id);
        Expect.Contains("""
            { "Name": "custom:plan", "AttributeDataType": "String", "DeveloperOnlyAttribute": false, "Mutable": true, "Required": false,
              "StringAttributeConstraints": { "MinLength": "0", "MaxLength": "32" } }
            """, Attribute(pool, "custom:plan"));
        Expect.Contains("""{ "Name": "custom:seats", "AttributeDataType": "Number", "Mutable": true, "Required": false }""", Attribute(pool, "custom:seats"));

        await Expect.InvalidParameter(() => Aws.Idp("AddCustomAttributes", new
        {
            UserPoolId = id,
            CustomAttributes = new[] { new { Name = "plan", AttributeDataType = "String" } },
        }));
        await Expect.InvalidParameter(() => Aws.Idp("AddCustomAttributes", new
        {
            UserPoolId = id,
            CustomAttributes = new[] { new { Name = "tier", AttributeDataType = "String", Required = true } },
        }));
        await Expect.InvalidParameter(() => Aws.Idp("AddCustomAttributes", new
        {
            UserPoolId = id,
            CustomAttributes = new[] { new { Name = "seats", AttributeDataType = "Number", DeveloperOnlyAttribute = true } },
        }));
        Assert.DoesNotContain((await Describe(id))["SchemaAttributes"]!.AsArray(), a => a!["Name"].Str() == "custom:tier");
    }

    [Fact]
    public async Task AddCustomAttributes_requires_CustomAttributes_and_an_existing_pool()
    {
        var error = await Expect.InvalidParameter(() => Aws.Idp("AddCustomAttributes", new { UserPoolId = MissingPool }));
        Assert.Equal("1 validation error detected: Value null at 'customAttributes' failed to satisfy constraint: Member must not be null", error.AwsMessage);
        await Expect.NotFound(() => Aws.Idp("AddCustomAttributes", new
        {
            UserPoolId = MissingPool,
            CustomAttributes = new[] { new { Name = "plan", AttributeDataType = "String" } },
        }));
    }

    // ---- Get/SetUserPoolMfaConfig ----

    [Fact]
    public async Task GetUserPoolMfaConfig_of_a_new_pool_is_OFF()
    {
        var id = (await CreatePool())["Id"].Str();
        var config = await Aws.Idp("GetUserPoolMfaConfig", new { UserPoolId = id });
        Assert.Equal("OFF", config["MfaConfiguration"].Str());
        Assert.Null(config["SoftwareTokenMfaConfiguration"]);
    }

    [Fact]
    public async Task SetUserPoolMfaConfig_refuses_MFA_ON_without_a_factor()
    {
        var id = (await CreatePool())["Id"].Str();
        await Expect.InvalidParameter(() => Aws.Idp("SetUserPoolMfaConfig", new { UserPoolId = id, MfaConfiguration = "ON" }));
        await Expect.InvalidParameter(() => Aws.Idp("SetUserPoolMfaConfig", new
        {
            UserPoolId = id,
            MfaConfiguration = "OPTIONAL",
            SoftwareTokenMfaConfiguration = new { Enabled = false },
        }));
        Assert.Equal("OFF", (await Aws.Idp("GetUserPoolMfaConfig", new { UserPoolId = id }))["MfaConfiguration"].Str());
    }

    [Fact]
    public async Task SetUserPoolMfaConfig_stores_TOTP_and_returns_it()
    {
        var id = (await CreatePool())["Id"].Str();
        var set = await Aws.Idp("SetUserPoolMfaConfig", new
        {
            UserPoolId = id,
            MfaConfiguration = "ON",
            SoftwareTokenMfaConfiguration = new { Enabled = true },
        });
        Expect.Contains("""{ "MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": { "Enabled": true } }""", set);

        var got = await Aws.Idp("GetUserPoolMfaConfig", new { UserPoolId = id });
        Expect.Contains("""{ "MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": { "Enabled": true } }""", got);
        Assert.Equal("ON", (await Describe(id))["MfaConfiguration"].Str());

        var off = await Aws.Idp("SetUserPoolMfaConfig", new { UserPoolId = id, MfaConfiguration = "OFF" });
        Assert.Equal("OFF", off["MfaConfiguration"].Str());
        Assert.Equal("OFF", (await Describe(id))["MfaConfiguration"].Str());
    }

    [Fact]
    public async Task SetUserPoolMfaConfig_refuses_an_unknown_mode_with_the_AWS_message()
    {
        var id = (await CreatePool())["Id"].Str();
        var error = await Expect.InvalidParameter(() => Aws.Idp("SetUserPoolMfaConfig", new { UserPoolId = id, MfaConfiguration = "ALWAYS" }));
        Assert.Equal(
            "1 validation error detected: Value 'ALWAYS' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
            error.AwsMessage);
    }

    [Fact]
    public async Task MfaConfig_of_an_unknown_pool_is_ResourceNotFound()
    {
        await Expect.NotFound(() => Aws.Idp("GetUserPoolMfaConfig", new { UserPoolId = MissingPool }));
        await Expect.NotFound(() => Aws.Idp("SetUserPoolMfaConfig", new { UserPoolId = MissingPool, MfaConfiguration = "OFF" }));
    }

    // ---- Tags ----

    [Fact]
    public async Task TagResource_UntagResource_and_ListTagsForResource_work_on_the_pool_ARN()
    {
        var pool = await CreatePool("""{ "UserPoolTags": { "team": "identity" } }""");
        var arn = pool["Arn"].Str();
        Assert.Equal("""{"Tags":{"team":"identity"}}""", (await Aws.Idp("ListTagsForResource", new { ResourceArn = arn })).ToJsonString());

        Assert.Equal("{}", (await Aws.Idp("TagResource", new
        {
            ResourceArn = arn,
            Tags = new Dictionary<string, string> { ["env"] = "prod", ["team"] = "platform" },
        })).ToJsonString());
        var tags = (await Aws.Idp("ListTagsForResource", new { ResourceArn = arn }))["Tags"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"team":"platform","env":"prod"}"""), tags), tags.ToJsonString());
        Assert.True(JsonNode.DeepEquals(tags, (await Describe(pool["Id"].Str()))["UserPoolTags"]));

        Assert.Equal("{}", (await Aws.Idp("UntagResource", new { ResourceArn = arn, TagKeys = new List<string> { "team", "absent" } })).ToJsonString());
        Assert.Equal("""{"Tags":{"env":"prod"}}""", (await Aws.Idp("ListTagsForResource", new { ResourceArn = arn })).ToJsonString());
    }

    [Fact]
    public async Task Tag_operations_on_an_unknown_ARN_are_ResourceNotFound()
    {
        const string arn = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/" + MissingPool;
        await Expect.NotFound(() => Aws.Idp("ListTagsForResource", new { ResourceArn = arn }));
        await Expect.NotFound(() => Aws.Idp("TagResource", new { ResourceArn = arn, Tags = new Dictionary<string, string> { ["a"] = "b" } }));
        await Expect.NotFound(() => Aws.Idp("UntagResource", new { ResourceArn = arn, TagKeys = new List<string> { "a" } }));

        // A real pool, but the ARN names another account.
        var id = (await CreatePool())["Id"].Str();
        await Expect.NotFound(() => Aws.Idp("ListTagsForResource", new { ResourceArn = $"arn:aws:cognito-idp:us-east-1:111111111111:userpool/{id}" }));
    }

    [Fact]
    public async Task TagResource_requires_Tags()
    {
        var arn = (await CreatePool())["Arn"].Str();
        var error = await Expect.InvalidParameter(() => Aws.Idp("TagResource", new { ResourceArn = arn }));
        Assert.Equal("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null", error.AwsMessage);
    }

    [GeneratedRegex("^us-east-1_[0-9A-Za-z]{9}$")]
    private static partial Regex PoolId();
}
