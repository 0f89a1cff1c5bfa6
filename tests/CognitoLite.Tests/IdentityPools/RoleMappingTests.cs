using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.IdentityPools;

public sealed class RoleMappingTestsOnPostgres(IdentityHost<OnPostgres> fixture) : RoleMappingContract(fixture), IClassFixture<IdentityHost<OnPostgres>>;

public sealed class RoleMappingTestsOnSqlite(IdentityHost<OnSqlite> fixture) : RoleMappingContract(fixture), IClassFixture<IdentityHost<OnSqlite>>;

/// <summary>Which role credentials are issued for: Token and Rules role mappings, CustomRoleArn, ambiguity, principal tags.</summary>
public abstract class RoleMappingContract(IdentityHost fixture)
{
    private readonly IdentityFlows _flows = new(fixture.Host);

    private sealed record Setup(TestClient Client, string PoolId, string MappingKey)
    {
        public Dictionary<string, string> Logins(string idToken) => new() { [IdentityFlows.ProviderName(Client.PoolId)] = idToken };
    }

    /// <summary>A user pool with groups admins (AdminRole, precedence 1) and editors (EditorRole, precedence 2), and an identity pool trusting its client.</summary>
    private async Task<Setup> Pool()
    {
        var client = await _flows.Idp.CreatePoolAndClient();
        await _flows.Aws.Idp("CreateGroup", new { UserPoolId = client.PoolId, GroupName = "admins", RoleArn = IdentityFlows.AdminRole, Precedence = 1 });
        await _flows.Aws.Idp("CreateGroup", new { UserPoolId = client.PoolId, GroupName = "editors", RoleArn = IdentityFlows.EditorRole, Precedence = 2 });
        var poolId = await _flows.CreatePool(new { CognitoIdentityProviders = new[] { new { ProviderName = IdentityFlows.ProviderName(client.PoolId), ClientId = client.Id } } });
        return new Setup(client, poolId, $"{IdentityFlows.ProviderName(client.PoolId)}:{client.Id}");
    }

    private async Task<string> User(Setup setup, params string[] groups)
    {
        var username = "u" + Guid.NewGuid().ToString("N")[..10];
        await _flows.Idp.ConfirmedUser(setup.Client, username);
        foreach (var group in groups)
            await _flows.Aws.Idp("AdminAddUserToGroup", new { UserPoolId = setup.Client.PoolId, Username = username, GroupName = group });
        return (await _flows.Idp.SignIn(setup.Client, username))["IdToken"].Str();
    }

    private async Task<string> RoleOf(Setup setup, string idToken, string? customRoleArn = null)
    {
        var identityId = await _flows.GetId(setup.PoolId, setup.Logins(idToken));
        var credentials = await _flows.Credentials(identityId, setup.Logins(idToken), customRoleArn);
        var stored = await _flows.Issued(credentials["Credentials"]!["AccessKeyId"].Str());
        return stored.Split(" | ")[0]["RoleArn=".Length..];
    }

    private static object Token(string ambiguous) => new { Type = "Token", AmbiguousRoleResolution = ambiguous };

    private static object Rules(string ambiguous, params object[] rules) =>
        new { Type = "Rules", AmbiguousRoleResolution = ambiguous, RulesConfiguration = new { Rules = rules } };

    private static object Rule(string claim, string matchType, string value, string role) => new { Claim = claim, MatchType = matchType, Value = value, RoleARN = role };

    [Fact]
    public async Task Without_a_mapping_every_signed_in_user_gets_the_authenticated_role()
    {
        var setup = await Pool();
        await _flows.SetRoles(setup.PoolId);

        Assert.Equal(IdentityFlows.AuthRole, await RoleOf(setup, await User(setup, "admins")));
    }

    [Fact]
    public async Task Token_mapping_takes_the_preferred_role_or_a_custom_role_among_the_users_roles()
    {
        var setup = await Pool();
        await _flows.SetRoles(setup.PoolId, new Dictionary<string, object> { [setup.MappingKey] = Token("Deny") });
        var both = await User(setup, "admins", "editors");

        Assert.Equal(IdentityFlows.AdminRole, await RoleOf(setup, both));
        Assert.Equal(IdentityFlows.EditorRole, await RoleOf(setup, both, IdentityFlows.EditorRole));
        await UserPoolLoginTests.NotAuthorized(() => RoleOf(setup, both, "arn:aws:iam::000000000000:role/Elsewhere"));
    }

    [Fact]
    public async Task Token_mapping_without_roles_in_the_token_follows_AmbiguousRoleResolution()
    {
        var denying = await Pool();
        await _flows.SetRoles(denying.PoolId, new Dictionary<string, object> { [denying.MappingKey] = Token("Deny") });
        var lenient = await Pool();
        await _flows.SetRoles(lenient.PoolId, new Dictionary<string, object> { [lenient.MappingKey] = Token("AuthenticatedRole") });

        var withoutRoles = await User(denying);
        await UserPoolLoginTests.NotAuthorized(() => RoleOf(denying, withoutRoles));
        Assert.Equal(IdentityFlows.AuthRole, await RoleOf(lenient, await User(lenient)));
    }

    [Fact]
    public async Task Rules_match_in_order_against_claims_including_array_claims()
    {
        var setup = await Pool();
        await _flows.SetRoles(setup.PoolId, new Dictionary<string, object>
        {
            [setup.MappingKey] = Rules("Deny",
                Rule("cognito:groups", "Equals", "admins", IdentityFlows.AdminRole),
                Rule("cognito:groups", "StartsWith", "edit", IdentityFlows.EditorRole),
                Rule("token_use", "NotEqual", "access", "arn:aws:iam::000000000000:role/Everyone")),
        });

        Assert.Equal(IdentityFlows.AdminRole, await RoleOf(setup, await User(setup, "editors", "admins")));
        Assert.Equal(IdentityFlows.EditorRole, await RoleOf(setup, await User(setup, "editors")));
        Assert.Equal("arn:aws:iam::000000000000:role/Everyone", await RoleOf(setup, await User(setup)));
    }

    [Fact]
    public async Task Rules_that_match_nothing_follow_AmbiguousRoleResolution_and_CustomRoleArn_picks_among_matching_rules()
    {
        var setup = await Pool();
        await _flows.SetRoles(setup.PoolId, new Dictionary<string, object>
        {
            [setup.MappingKey] = Rules("Deny",
                Rule("cognito:groups", "Contains", "admin", IdentityFlows.AdminRole),
                Rule("cognito:groups", "Equals", "editors", IdentityFlows.EditorRole)),
        });
        var lenient = await Pool();
        await _flows.SetRoles(lenient.PoolId, new Dictionary<string, object> { [lenient.MappingKey] = Rules("AuthenticatedRole", Rule("cognito:groups", "Equals", "nobody", IdentityFlows.AdminRole)) });

        var nobody = await User(setup);
        await UserPoolLoginTests.NotAuthorized(() => RoleOf(setup, nobody), "The ambiguous role mapping rules denied this request");
        Assert.Equal(IdentityFlows.EditorRole, await RoleOf(setup, await User(setup, "admins", "editors"), IdentityFlows.EditorRole));
        Assert.Equal(IdentityFlows.AuthRole, await RoleOf(lenient, await User(lenient)));
    }

    [Fact]
    public async Task Principal_tags_come_from_the_providers_attribute_map()
    {
        var setup = await Pool();
        await _flows.SetRoles(setup.PoolId);
        var provider = IdentityFlows.ProviderName(setup.Client.PoolId);
        await _flows.Aws.Identity("SetPrincipalTagAttributeMap", new { IdentityPoolId = setup.PoolId, IdentityProviderName = provider, UseDefaults = true, PrincipalTags = new { user = "cognito:username" } });
        var idToken = await User(setup);
        var claims = TestJwt.Claims(idToken);

        var identityId = await _flows.GetId(setup.PoolId, setup.Logins(idToken));
        var credentials = await _flows.Credentials(identityId, setup.Logins(idToken));

        var stored = await _flows.Issued(credentials["Credentials"]!["AccessKeyId"].Str());
        Assert.Contains($"\"client\":\"{setup.Client.Id}\"", stored, StringComparison.Ordinal);
        Assert.Contains($"\"username\":\"{claims["sub"].Str()}\"", stored, StringComparison.Ordinal);
        Assert.Contains($"\"user\":\"{claims["cognito:username"].Str()}\"", stored, StringComparison.Ordinal);
    }
}
