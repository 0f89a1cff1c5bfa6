using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Admin;

public sealed class AdminCreateUserTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : AdminCreateUserContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class AdminCreateUserTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : AdminCreateUserContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// AdminCreateUser, the invitation it sends and the NEW_PASSWORD_REQUIRED challenge that follows.
/// The host's clock is a <see cref="ManualClock"/>: session and temporary-password expiry without sleeping.
/// </summary>
public abstract class AdminCreateUserContract(ManualClockHost fixture)
{
    private const string Temporary = "Temp0rary!";

    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly ManualClock _clock = fixture.Clock;

    [Fact]
    public async Task Created_user_is_FORCE_CHANGE_PASSWORD_enabled_with_its_attributes_and_sub()
    {
        var client = await _idp.CreatePoolAndClient();

        var created = (await _idp.AdminCreateUser(client.PoolId, "ada", Temporary, "SUPPRESS", null,
            ("email", "ada@example.com"), ("email_verified", "true"), ("given_name", "Ada")))["User"]!;

        Assert.Equal("ada", created["Username"].Str());
        Assert.True(created["Enabled"]!.GetValue<bool>());
        Assert.Equal("FORCE_CHANGE_PASSWORD", created["UserStatus"].Str());
        Assert.Equal(JsonValueKind.Number, created["UserCreateDate"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, created["UserLastModifiedDate"]!.GetValueKind());
        var attributes = UserAdmin.ToMap(created["Attributes"]);
        Assert.True(Guid.TryParse(attributes["sub"], out _));
        Assert.Equal("ada@example.com", attributes["email"]);
        Assert.Equal("true", attributes["email_verified"]);
        Assert.Equal("Ada", attributes["given_name"]);

        var fetched = await _idp.AdminGetUser(client.PoolId, "ada");
        Assert.Equal("FORCE_CHANGE_PASSWORD", fetched["UserStatus"].Str());
        Assert.Equal(attributes["sub"], UserAdmin.ToMap(fetched["UserAttributes"])["sub"]);
    }

    [Fact]
    public async Task Without_a_temporary_password_one_is_generated_that_meets_the_policy_and_is_emailed()
    {
        var client = await _idp.CreatePoolAndClient();

        await _idp.AdminCreateUser(client.PoolId, "gene", mediums: ["EMAIL"], attributes: ("email", "gene@example.com"));

        var message = Assert.Single(await _idp.Messages(client.PoolId, "gene"))!;
        Assert.Equal("AdminCreateUser", message["kind"].Str());
        Assert.Equal("EMAIL", message["medium"].Str());
        Assert.Equal("gene@example.com", message["destination"].Str());
        var temporary = message["code"].Str();
        UserAdmin.MeetsDefaultPolicy(temporary);
        Assert.Contains(temporary, message["body"].Str(), StringComparison.Ordinal);
        Assert.Contains("gene", message["body"].Str(), StringComparison.Ordinal);

        await _idp.NewPasswordChallenge(client, "gene", temporary);
    }

    [Fact]
    public async Task A_generated_temporary_password_meets_a_stricter_policy()
    {
        var client = await _idp.CreatePoolAndClient("""
            { "Policies": { "PasswordPolicy": { "MinimumLength": 20, "RequireUppercase": true, "RequireLowercase": true,
                                                "RequireNumbers": true, "RequireSymbols": true } } }
            """);

        await _idp.AdminCreateUser(client.PoolId, "strict", mediums: ["EMAIL"], attributes: ("email", "strict@example.com"));

        var temporary = (await _idp.LatestMessage(client.PoolId, "strict", "AdminCreateUser"))["code"].Str();
        UserAdmin.MeetsDefaultPolicy(temporary, minimumLength: 20);
        await _idp.NewPasswordChallenge(client, "strict", temporary);
    }

    [Fact]
    public async Task MessageAction_SUPPRESS_sends_nothing()
    {
        var client = await _idp.CreatePoolAndClient();

        await _idp.AdminCreateUser(client.PoolId, "quiet", null, "SUPPRESS", ["EMAIL"], ("email", "quiet@example.com"));

        Assert.Empty(await _idp.Messages(client.PoolId, "quiet"));
        Assert.Equal("FORCE_CHANGE_PASSWORD", await _idp.Status(client.PoolId, "quiet"));
    }

    [Fact]
    public async Task Given_temporary_password_goes_out_in_the_invitation_to_the_email()
    {
        var client = await _idp.CreatePoolAndClient();

        await _idp.AdminCreateUser(client.PoolId, "ivy", Temporary, null, ["EMAIL"], ("email", "ivy@example.com"));

        var message = Assert.Single(await _idp.Messages(client.PoolId, "ivy"))!;
        Assert.Equal("AdminCreateUser", message["kind"].Str());
        Assert.Equal("EMAIL", message["medium"].Str());
        Assert.Equal("ivy@example.com", message["destination"].Str());
        Assert.Equal(Temporary, message["code"].Str());
    }

    [Fact]
    public async Task Without_DesiredDeliveryMediums_the_invitation_goes_by_SMS_to_the_phone()
    {
        var client = await _idp.CreatePoolAndClient();

        await _idp.AdminCreateUser(client.PoolId, "sam", Temporary, null, null, ("phone_number", "+15551234567"));

        var message = Assert.Single(await _idp.Messages(client.PoolId, "sam"))!;
        Assert.Equal("AdminCreateUser", message["kind"].Str());
        Assert.Equal("SMS", message["medium"].Str());
        Assert.Equal("+15551234567", message["destination"].Str());
        Assert.Equal(Temporary, message["code"].Str());
    }

    [Fact]
    public async Task DesiredDeliveryMediums_EMAIL_without_an_email_is_InvalidParameterException_and_creates_nobody()
    {
        var client = await _idp.CreatePoolAndClient();

        await IdpFlows.Refused("InvalidParameterException", () => _idp.AdminCreateUser(client.PoolId, "mute", Temporary, null, ["EMAIL"]));

        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminGetUser(client.PoolId, "mute"));
        Assert.Empty(await _idp.Messages(client.PoolId, "mute"));
    }

    [Fact]
    public async Task RESEND_issues_a_new_temporary_password_and_the_old_one_stops_working()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "rita", Temporary, "SUPPRESS", null, ("email", "rita@example.com"));

        var resent = await _idp.AdminCreateUser(client.PoolId, "rita", null, "RESEND", ["EMAIL"]);

        Assert.Equal("rita", resent["User"]!["Username"].Str());
        Assert.Equal("FORCE_CHANGE_PASSWORD", resent["User"]!["UserStatus"].Str());
        var message = await _idp.LatestMessage(client.PoolId, "rita", "AdminCreateUser");
        Assert.Equal("rita@example.com", message["destination"].Str());
        var fresh = message["code"].Str();
        Assert.NotEqual(Temporary, fresh);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "rita", Temporary), "Incorrect username or password.");
        await _idp.NewPasswordChallenge(client, "rita", fresh);
    }

    [Fact]
    public async Task RESEND_starts_the_temporary_password_validity_again()
    {
        var client = await _idp.CreatePoolAndClient("""{ "Policies": { "PasswordPolicy": { "TemporaryPasswordValidityDays": 2 } } }""");
        await _idp.AdminCreateUser(client.PoolId, "late", Temporary, "SUPPRESS", null, ("email", "late@example.com"));
        _clock.Advance(TimeSpan.FromDays(1.5));

        await _idp.AdminCreateUser(client.PoolId, "late", "Sec0nd-Temp!", "RESEND", ["EMAIL"]);
        _clock.Advance(TimeSpan.FromDays(1.5));

        await _idp.NewPasswordChallenge(client, "late", "Sec0nd-Temp!");
    }

    [Fact]
    public async Task RESEND_for_a_user_who_is_not_FORCE_CHANGE_PASSWORD_is_UnsupportedUserStateException()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminConfirmedUser(client.PoolId, "conf", IdpFlows.Password, ("email", "conf@example.com"));

        await IdpFlows.Refused("UnsupportedUserStateException", () => _idp.AdminCreateUser(client.PoolId, "conf", null, "RESEND", ["EMAIL"]));
    }

    [Fact]
    public async Task RESEND_for_an_unknown_user_is_UserNotFoundException()
    {
        var client = await _idp.CreatePoolAndClient();

        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminCreateUser(client.PoolId, "nobody", null, "RESEND", ["EMAIL"]));
    }

    [Fact]
    public async Task A_taken_username_is_UsernameExistsException_whatever_its_case()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "dup", Temporary, "SUPPRESS");

        await IdpFlows.Refused("UsernameExistsException", () => _idp.AdminCreateUser(client.PoolId, "dup", Temporary, "SUPPRESS"));
        await IdpFlows.Refused("UsernameExistsException", () => _idp.AdminCreateUser(client.PoolId, "DUP", Temporary, "SUPPRESS"));
    }

    [Fact]
    public async Task A_temporary_password_against_the_policy_is_InvalidPasswordException()
    {
        var client = await _idp.CreatePoolAndClient();

        await IdpFlows.Refused("InvalidPasswordException", () => _idp.AdminCreateUser(client.PoolId, "weak", "abcdefgh", "SUPPRESS"));
        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminGetUser(client.PoolId, "weak"));
    }

    [Fact]
    public async Task AdminCreateUser_in_an_unknown_pool_is_ResourceNotFoundException()
    {
        await Expect.NotFound(() => _idp.AdminCreateUser("us-east-1_NoSuchP00l", "x", Temporary, "SUPPRESS"));
    }

    [Fact]
    public async Task Sign_in_with_the_temporary_password_is_NEW_PASSWORD_REQUIRED_with_attributes_as_JSON_strings()
    {
        var client = await _idp.CreatePoolAndClient("""
            { "Schema": [ { "Name": "given_name", "AttributeDataType": "String", "Mutable": true, "Required": true },
                          { "Name": "family_name", "AttributeDataType": "String", "Mutable": true, "Required": true } ] }
            """);
        await _idp.AdminCreateUser(client.PoolId, "nora", Temporary, "SUPPRESS", null, ("email", "nora@example.com"), ("family_name", "North"));

        var challenge = await _idp.NewPasswordChallenge(client, "nora", Temporary);

        Assert.InRange(challenge["Session"].Str().Length, 20, 2048);
        var parameters = challenge["ChallengeParameters"]!.AsObject();
        Assert.Equal(JsonValueKind.String, parameters["requiredAttributes"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, parameters["userAttributes"]!.GetValueKind());
        Assert.Equal(["userAttributes.given_name"], JsonNode.Parse(parameters["requiredAttributes"].Str()).Strings());
        var shown = JsonNode.Parse(parameters["userAttributes"].Str())!.AsObject();
        Assert.Equal("nora@example.com", shown["email"].Str());
        Assert.Equal("North", shown["family_name"].Str());
        Assert.False(shown.ContainsKey("given_name"));
        Assert.Equal("nora", parameters["USER_ID_FOR_SRP"].Str());
    }

    [Fact]
    public async Task Without_required_attributes_missing_requiredAttributes_is_an_empty_JSON_array()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "otto", Temporary, "SUPPRESS");

        var challenge = await _idp.NewPasswordChallenge(client, "otto", Temporary);

        Assert.Equal("[]", challenge["ChallengeParameters"]!["requiredAttributes"].Str());
        Assert.Equal(JsonValueKind.Object, JsonNode.Parse(challenge["ChallengeParameters"]!["userAttributes"].Str())!.GetValueKind());
    }

    [Fact]
    public async Task RespondToAuthChallenge_with_a_new_password_returns_tokens_and_confirms_the_user()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "pat", Temporary, "SUPPRESS", null, ("email", "pat@example.com"));
        var challenge = await _idp.NewPasswordChallenge(client, "pat", Temporary);

        var answered = await _idp.RespondNewPassword(client, challenge["Session"].Str(), "pat");

        var result = answered["AuthenticationResult"]!;
        Assert.Equal("Bearer", result["TokenType"].Str());
        Assert.Equal(3600, result["ExpiresIn"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(result["RefreshToken"].Str()));
        Assert.Equal("pat", TestJwt.Claims(result["IdToken"].Str())["cognito:username"].Str());
        Assert.Equal("pat", (await _idp.GetUser(result["AccessToken"].Str()))["Username"].Str());
        Assert.Null(answered["ChallengeName"]);
        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "pat"));
        await _idp.SignIn(client, "pat", UserAdmin.NewPassword);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "pat", Temporary));
    }

    [Fact]
    public async Task AdminRespondToAuthChallenge_with_a_new_password_returns_tokens_and_confirms_the_user()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "quinn", Temporary, "SUPPRESS");
        var challenge = await _idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = client.PoolId,
            ClientId = client.Id,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "quinn", ["PASSWORD"] = Temporary },
        });
        Assert.Equal("NEW_PASSWORD_REQUIRED", challenge["ChallengeName"].Str());

        var answered = await _idp.AdminRespondNewPassword(client, challenge["Session"].Str(), "quinn");

        Assert.Equal("quinn", (await _idp.GetUser(answered["AuthenticationResult"]!["AccessToken"].Str()))["Username"].Str());
        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "quinn"));
        await _idp.SignIn(client, "quinn", UserAdmin.NewPassword);
    }

    [Fact]
    public async Task The_session_works_once()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "once", Temporary, "SUPPRESS");
        var session = (await _idp.NewPasswordChallenge(client, "once", Temporary))["Session"].Str();
        await _idp.RespondNewPassword(client, session, "once");

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.RespondNewPassword(client, session, "once", "Thr33-Passw0rd!"));
        await _idp.SignIn(client, "once", UserAdmin.NewPassword);
    }

    [Fact]
    public async Task A_new_password_the_policy_refuses_leaves_the_session_to_try_again()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "weak", Temporary, "SUPPRESS");
        var session = (await _idp.NewPasswordChallenge(client, "weak", Temporary))["Session"].Str();

        await IdpFlows.Refused("InvalidPasswordException", () => _idp.RespondNewPassword(client, session, "weak", "short"));

        var answered = await _idp.RespondNewPassword(client, session, "weak");
        Assert.NotNull(answered["AuthenticationResult"]);
        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "weak"));
    }

    [Fact]
    public async Task A_session_that_was_never_issued_is_NotAuthorizedException()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "wrong", Temporary, "SUPPRESS");
        await _idp.NewPasswordChallenge(client, "wrong", Temporary);

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.RespondNewPassword(client, new string('A', 64), "wrong"));
        Assert.Equal("FORCE_CHANGE_PASSWORD", await _idp.Status(client.PoolId, "wrong"));
    }

    [Fact]
    public async Task Another_users_session_is_NotAuthorizedException()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "mine", Temporary, "SUPPRESS");
        await _idp.AdminCreateUser(client.PoolId, "theirs", Temporary, "SUPPRESS");
        var session = (await _idp.NewPasswordChallenge(client, "theirs", Temporary))["Session"].Str();

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.RespondNewPassword(client, session, "mine"));
        Assert.Equal("FORCE_CHANGE_PASSWORD", await _idp.Status(client.PoolId, "mine"));
    }

    [Fact]
    public async Task The_session_expires_after_three_minutes()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "slow", Temporary, "SUPPRESS");
        var session = (await _idp.NewPasswordChallenge(client, "slow", Temporary))["Session"].Str();

        _clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.RespondNewPassword(client, session, "slow"),
            "Invalid session for the user, session is expired.");
        Assert.Equal("FORCE_CHANGE_PASSWORD", await _idp.Status(client.PoolId, "slow"));
    }

    [Fact]
    public async Task A_session_answered_within_three_minutes_works()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "prompt", Temporary, "SUPPRESS");
        var session = (await _idp.NewPasswordChallenge(client, "prompt", Temporary))["Session"].Str();

        _clock.Advance(TimeSpan.FromMinutes(2.5));

        await _idp.RespondNewPassword(client, session, "prompt");
    }

    [Fact]
    public async Task A_missing_required_attribute_is_InvalidParameterException_and_giving_it_completes_the_sign_in()
    {
        var client = await _idp.CreatePoolAndClient("""
            { "Schema": [ { "Name": "given_name", "AttributeDataType": "String", "Mutable": true, "Required": true } ] }
            """);
        await _idp.AdminCreateUser(client.PoolId, "req", Temporary, "SUPPRESS");

        var first = await _idp.NewPasswordChallenge(client, "req", Temporary);
        await IdpFlows.Refused("InvalidParameterException", () => _idp.RespondNewPassword(client, first["Session"].Str(), "req"));
        Assert.Equal("FORCE_CHANGE_PASSWORD", await _idp.Status(client.PoolId, "req"));

        var second = await _idp.NewPasswordChallenge(client, "req", Temporary);
        await _idp.RespondNewPassword(client, second["Session"].Str(), "req", UserAdmin.NewPassword, ("given_name", "Rex"));

        Assert.Equal("Rex", (await _idp.AdminAttributes(client.PoolId, "req"))["given_name"]);
        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "req"));
    }

    [Fact]
    public async Task A_new_password_against_the_policy_is_InvalidPasswordException()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "pol", Temporary, "SUPPRESS");
        var session = (await _idp.NewPasswordChallenge(client, "pol", Temporary))["Session"].Str();

        await IdpFlows.Refused("InvalidPasswordException", () => _idp.RespondNewPassword(client, session, "pol", "short1!"));

        Assert.Equal("FORCE_CHANGE_PASSWORD", await _idp.Status(client.PoolId, "pol"));
    }

    [Fact]
    public async Task The_temporary_password_expires_after_TemporaryPasswordValidityDays()
    {
        var client = await _idp.CreatePoolAndClient("""{ "Policies": { "PasswordPolicy": { "TemporaryPasswordValidityDays": 3 } } }""");
        await _idp.AdminCreateUser(client.PoolId, "exp", Temporary, "SUPPRESS");

        _clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        await _idp.NewPasswordChallenge(client, "exp", Temporary);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "exp", Temporary),
            "Temporary password has expired and must be reset by an administrator.");
    }

    [Fact]
    public async Task The_temporary_password_expires_after_seven_days_by_default()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.AdminCreateUser(client.PoolId, "week", Temporary, "SUPPRESS");

        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "week", Temporary),
            "Temporary password has expired and must be reset by an administrator.");
        // An administrator's new temporary password starts a new validity period.
        await _idp.Aws.Idp("AdminSetUserPassword", new { UserPoolId = client.PoolId, Username = "week", Password = "Fresh-Temp0!", Permanent = false });
        await _idp.NewPasswordChallenge(client, "week", "Fresh-Temp0!");
    }
}
