using System.Net;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Admin;

public sealed class AdminUserTestsOnPostgres(PostgresHost fixture) : AdminUserContract(fixture), IClassFixture<PostgresHost>;

public sealed class AdminUserTestsOnSqlite(SqliteHost fixture) : AdminUserContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Admin user management after creation: reading, attributes, enable/disable, passwords, reset and delete.</summary>
public abstract class AdminUserContract(HostFixture fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private AwsClient Aws => _idp.Aws;

    [Fact]
    public async Task AdminGetUser_returns_username_attributes_dates_enabled_and_status()
    {
        var client = await _idp.CreatePoolAndClient();
        var sub = await _idp.VerifiedUser(client, "gina", "gina@example.com");

        var user = await _idp.AdminGetUser(client.PoolId, "gina");

        Assert.Equal("gina", user["Username"].Str());
        Assert.True(user["Enabled"]!.GetValue<bool>());
        Assert.Equal("CONFIRMED", user["UserStatus"].Str());
        Expect.IsEpochSeconds(user["UserCreateDate"]);
        Expect.IsEpochSeconds(user["UserLastModifiedDate"]);
        var attributes = UserAdmin.ToMap(user["UserAttributes"]);
        Assert.Equal(sub, attributes["sub"]);
        Assert.Equal("gina@example.com", attributes["email"]);
        Assert.Equal("true", attributes["email_verified"]);
        // By sub as well as by username, and case-insensitively in a default pool.
        Assert.Equal("gina", (await _idp.AdminGetUser(client.PoolId, sub))["Username"].Str());
        Assert.Equal("gina", (await _idp.AdminGetUser(client.PoolId, "GINA"))["Username"].Str());
    }

    [Fact]
    public async Task AdminGetUser_of_an_unknown_user_is_UserNotFoundException_and_of_an_unknown_pool_ResourceNotFoundException()
    {
        var client = await _idp.CreatePoolAndClient();

        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminGetUser(client.PoolId, "nobody"), "User does not exist.");
        await Expect.NotFound(() => _idp.AdminGetUser("us-east-1_NoSuchP00l", "nobody"));
    }

    [Fact]
    public async Task AdminGetUser_finds_a_user_by_verified_email_alias_but_not_by_an_unverified_one()
    {
        var client = await _idp.CreatePoolAndClient("""{ "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""");
        await _idp.AdminCreateUser(client.PoolId, "hal", UserAdmin.NewPassword, "SUPPRESS", null, ("email", "Hal@Example.com"), ("email_verified", "true"));
        await _idp.AdminCreateUser(client.PoolId, "ike", UserAdmin.NewPassword, "SUPPRESS", null, ("email", "ike@example.com"));

        Assert.Equal("hal", (await _idp.AdminGetUser(client.PoolId, "hal@example.com"))["Username"].Str());
        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminGetUser(client.PoolId, "ike@example.com"));
    }

    [Fact]
    public async Task In_an_email_username_pool_AdminCreateUser_makes_a_uuid_username_found_by_the_email()
    {
        var client = await _idp.CreatePoolAndClient("""{ "UsernameAttributes": ["email"] }""");

        var created = (await _idp.AdminCreateUser(client.PoolId, "jo@example.com", UserAdmin.NewPassword, "SUPPRESS"))["User"]!;

        var username = created["Username"].Str();
        Assert.True(Guid.TryParse(username, out _), username);
        Assert.Equal("jo@example.com", UserAdmin.ToMap(created["Attributes"])["email"]);
        Assert.Equal(username, (await _idp.AdminGetUser(client.PoolId, "jo@example.com"))["Username"].Str());
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_changing_email_unverifies_it_unless_email_verified_is_given()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminConfirmedUser(client.PoolId, "kim", IdpFlows.Password, ("email", "kim@example.com"), ("email_verified", "true"));

        Assert.Equal("{}", (await Update(client.PoolId, "kim", ("given_name", "Kim"))).ToJsonString());
        Assert.Equal("true", (await _idp.AdminAttributes(client.PoolId, "kim"))["email_verified"]);

        await Update(client.PoolId, "kim", ("email", "kim2@example.com"));
        var attributes = await _idp.AdminAttributes(client.PoolId, "kim");
        Assert.Equal("kim2@example.com", attributes["email"]);
        Assert.Equal("false", attributes["email_verified"]);
        Assert.Equal("Kim", attributes["given_name"]);

        await Update(client.PoolId, "kim", ("email", "kim3@example.com"), ("email_verified", "true"));
        attributes = await _idp.AdminAttributes(client.PoolId, "kim");
        Assert.Equal("kim3@example.com", attributes["email"]);
        Assert.Equal("true", attributes["email_verified"]);
    }

    [Fact]
    public async Task AdminUpdateUserAttributes_refuses_an_immutable_attribute_sub_and_unknown_attributes()
    {
        var client = await _idp.CreatePoolAndClient("""
            { "Schema": [ { "Name": "tenant", "AttributeDataType": "String", "Mutable": false } ] }
            """);
        await _idp.AdminConfirmedUser(client.PoolId, "lee", IdpFlows.Password, ("custom:tenant", "acme"));

        await IdpFlows.Refused("InvalidParameterException", () => Update(client.PoolId, "lee", ("custom:tenant", "other")));
        await IdpFlows.Refused("InvalidParameterException", () => Update(client.PoolId, "lee", ("sub", Guid.NewGuid().ToString())));
        await IdpFlows.Refused("InvalidParameterException", () => Update(client.PoolId, "lee", ("custom:nope", "x")));
        Assert.Equal("acme", (await _idp.AdminAttributes(client.PoolId, "lee"))["custom:tenant"]);
        await IdpFlows.Refused("UserNotFoundException", () => Update(client.PoolId, "nobody", ("given_name", "x")));
    }

    [Fact]
    public async Task AdminDeleteUserAttributes_removes_attributes_but_refuses_required_ones()
    {
        var client = await _idp.CreatePoolAndClient("""
            { "Schema": [ { "Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": true } ] }
            """);
        await _idp.AdminConfirmedUser(client.PoolId, "max", IdpFlows.Password, ("email", "max@example.com"), ("email_verified", "true"),
            ("given_name", "Max"), ("family_name", "Moss"));

        var deleted = await Aws.Idp("AdminDeleteUserAttributes", new { UserPoolId = client.PoolId, Username = "max", UserAttributeNames = new[] { "given_name", "family_name" } });

        Assert.Equal("{}", deleted.ToJsonString());
        var attributes = await _idp.AdminAttributes(client.PoolId, "max");
        Assert.False(attributes.ContainsKey("given_name"));
        Assert.False(attributes.ContainsKey("family_name"));
        await IdpFlows.Refused("InvalidParameterException", () =>
            Aws.Idp("AdminDeleteUserAttributes", new { UserPoolId = client.PoolId, Username = "max", UserAttributeNames = new[] { "email" } }));
        Assert.Equal("max@example.com", (await _idp.AdminAttributes(client.PoolId, "max"))["email"]);
    }

    [Fact]
    public async Task AdminDisableUser_stops_sign_in_access_tokens_and_refresh_and_AdminEnableUser_allows_sign_in_again()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminConfirmedUser(client.PoolId, "ned");
        var tokens = await _idp.SignIn(client, "ned");

        Assert.Equal("{}", (await Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "ned" })).ToJsonString());

        Assert.False((await _idp.AdminGetUser(client.PoolId, "ned"))["Enabled"]!.GetValue<bool>());
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "ned"), "User is disabled.");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(tokens["AccessToken"].Str()));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, tokens["RefreshToken"].Str()));

        await Aws.Idp("AdminEnableUser", new { UserPoolId = client.PoolId, Username = "ned" });

        Assert.True((await _idp.AdminGetUser(client.PoolId, "ned"))["Enabled"]!.GetValue<bool>());
        var again = await _idp.SignIn(client, "ned");
        Assert.Equal("ned", (await _idp.GetUser(again["AccessToken"].Str()))["Username"].Str());
    }

    [Fact]
    public async Task Tokens_from_before_AdminDisableUser_stay_revoked_after_AdminEnableUser()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminConfirmedUser(client.PoolId, "olga");
        var tokens = await _idp.SignIn(client, "olga");
        await Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "olga" });

        await Aws.Idp("AdminEnableUser", new { UserPoolId = client.PoolId, Username = "olga" });

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(tokens["AccessToken"].Str()));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, tokens["RefreshToken"].Str()));
    }

    [Fact]
    public async Task AdminDisableUser_and_AdminEnableUser_of_an_unknown_user_are_UserNotFoundException()
    {
        var client = await _idp.CreatePoolAndClient();

        await IdpFlows.Refused("UserNotFoundException", () => Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "nobody" }));
        await IdpFlows.Refused("UserNotFoundException", () => Aws.Idp("AdminEnableUser", new { UserPoolId = client.PoolId, Username = "nobody" }));
    }

    [Fact]
    public async Task AdminSetUserPassword_permanent_confirms_the_user_and_the_password_signs_in()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "pia", "Temp0rary!", "SUPPRESS");

        await Aws.Idp("AdminSetUserPassword", new { UserPoolId = client.PoolId, Username = "pia", Password = UserAdmin.NewPassword, Permanent = true });

        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "pia"));
        await _idp.SignIn(client, "pia", UserAdmin.NewPassword);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "pia", "Temp0rary!"));
    }

    [Fact]
    public async Task AdminSetUserPassword_not_permanent_makes_the_user_change_it_at_sign_in()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminConfirmedUser(client.PoolId, "ray");

        await Aws.Idp("AdminSetUserPassword", new { UserPoolId = client.PoolId, Username = "ray", Password = "Temp0rary!", Permanent = false });

        Assert.Equal("FORCE_CHANGE_PASSWORD", await _idp.Status(client.PoolId, "ray"));
        var challenge = await _idp.NewPasswordChallenge(client, "ray", "Temp0rary!");
        await _idp.RespondNewPassword(client, challenge["Session"].Str(), "ray");
        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "ray"));
    }

    [Fact]
    public async Task AdminSetUserPassword_against_the_policy_is_InvalidPasswordException()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminConfirmedUser(client.PoolId, "sal");

        await IdpFlows.Refused("InvalidPasswordException", () =>
            Aws.Idp("AdminSetUserPassword", new { UserPoolId = client.PoolId, Username = "sal", Password = "alllowercase", Permanent = true }));
        await _idp.SignIn(client, "sal");
    }

    [Fact]
    public async Task AdminResetUserPassword_requires_a_reset_whose_code_goes_to_the_verified_email()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.VerifiedUser(client, "tess", "tess@example.com");

        Assert.Equal("{}", (await Aws.Idp("AdminResetUserPassword", new { UserPoolId = client.PoolId, Username = "tess" })).ToJsonString());

        Assert.Equal("RESET_REQUIRED", await _idp.Status(client.PoolId, "tess"));
        await IdpFlows.Refused("PasswordResetRequiredException", () => _idp.PasswordAuth(client, "tess"));
        var message = await _idp.LatestMessage(client.PoolId, "tess", "ForgotPassword");
        Assert.Equal("tess@example.com", message["destination"].Str());
        Assert.Equal("EMAIL", message["medium"].Str());

        await Aws.Idp("ConfirmForgotPassword", new { ClientId = client.Id, Username = "tess", ConfirmationCode = message["code"].Str(), Password = UserAdmin.NewPassword });

        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "tess"));
        await _idp.SignIn(client, "tess", UserAdmin.NewPassword);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "tess"));
    }

    [Fact]
    public async Task AdminResetUserPassword_without_a_verified_contact_is_InvalidParameterException()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "uma", "uma@example.com");

        await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("AdminResetUserPassword", new { UserPoolId = client.PoolId, Username = "uma" }));

        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "uma"));
        await _idp.SignIn(client, "uma");
    }

    [Fact]
    public async Task AdminDeleteUser_removes_the_user_and_its_tokens_stop_working()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminConfirmedUser(client.PoolId, "vic");
        var tokens = await _idp.SignIn(client, "vic");

        Assert.Equal("{}", (await Aws.Idp("AdminDeleteUser", new { UserPoolId = client.PoolId, Username = "vic" })).ToJsonString());

        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminGetUser(client.PoolId, "vic"));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(tokens["AccessToken"].Str()));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, tokens["RefreshToken"].Str()));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "vic"), "Incorrect username or password.");
        await IdpFlows.Refused("UserNotFoundException", () => Aws.Idp("AdminDeleteUser", new { UserPoolId = client.PoolId, Username = "vic" }));
        // The name is free again.
        await _idp.AdminCreateUser(client.PoolId, "vic", "Temp0rary!", "SUPPRESS");
    }

    [Fact]
    public async Task Admin_user_errors_carry_AWS_status_codes_and_error_type_header()
    {
        var client = await _idp.CreatePoolAndClient();

        await Expect.Error("UserNotFoundException", HttpStatusCode.NotFound, () => _idp.AdminGetUser(client.PoolId, "nobody"));
        await _idp.AdminConfirmedUser(client.PoolId, "wes");
        await Expect.InvalidParameter(() => Update(client.PoolId, "wes", ("not_an_attribute", "x")));
    }

    private Task<System.Text.Json.Nodes.JsonNode> Update(string poolId, string username, params (string Name, string Value)[] attributes) =>
        Aws.Idp("AdminUpdateUserAttributes", new { UserPoolId = poolId, Username = username, UserAttributes = UserAdmin.Attributes(attributes) });
}
