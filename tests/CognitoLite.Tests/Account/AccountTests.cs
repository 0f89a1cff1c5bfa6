using System.Text.Json.Nodes;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Account;

public sealed class AccountTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : AccountContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class AccountTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : AccountContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// What users do to their own account with an access token or a client id: attributes and their verification,
/// passwords, forgotten passwords and DeleteUser. The clock is a <see cref="ManualClock"/> for code expiry.
/// </summary>
public abstract class AccountContract(ManualClockHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly ManualClock _clock = fixture.Clock;

    private AwsClient Aws => _idp.Aws;

    [Fact]
    public async Task Changing_the_email_unverifies_it_sends_a_code_to_the_new_address_and_VerifyUserAttribute_verifies_it()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.VerifiedUser(client, "amy", "amy@example.com");
        var access = (await _idp.SignIn(client, "amy"))["AccessToken"].Str();

        var updated = await UpdateAttributes(access, ("email", "new.amy@example.com"));

        var delivery = Assert.Single(updated["CodeDeliveryDetailsList"]!.AsArray())!;
        Expect.Contains("""{ "Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email" }""", delivery);
        var attributes = await _idp.UserAttributes(access);
        Assert.Equal("new.amy@example.com", attributes["email"]);
        Assert.Equal("false", attributes["email_verified"]);
        var message = await _idp.LatestMessage(client.PoolId, "amy", "UpdateUserAttribute");
        Assert.Equal("new.amy@example.com", message["destination"].Str());
        var code = message["code"].Str();
        Assert.Matches("^[0-9]{6}$", code);

        await IdpFlows.Refused("CodeMismatchException", () => Verify(access, "email", code == "000000" ? "111111" : "000000"));
        Assert.Equal("false", (await _idp.UserAttributes(access))["email_verified"]);

        Assert.Equal("{}", (await Verify(access, "email", code)).ToJsonString());
        attributes = await _idp.UserAttributes(access);
        Assert.Equal("new.amy@example.com", attributes["email"]);
        Assert.Equal("true", attributes["email_verified"]);
    }

    [Fact]
    public async Task With_AttributesRequireVerificationBeforeUpdate_the_old_email_stays_until_the_new_one_is_verified()
    {
        var client = await _idp.CreatePoolAndClient("""
            { "AutoVerifiedAttributes": ["email"], "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": ["email"] } }
            """);
        await _idp.VerifiedUser(client, "ben", "ben@example.com");
        var access = (await _idp.SignIn(client, "ben"))["AccessToken"].Str();

        var updated = await UpdateAttributes(access, ("email", "ben.new@example.com"));

        Expect.Contains("""{ "Destination": "b***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email" }""",
            Assert.Single(updated["CodeDeliveryDetailsList"]!.AsArray()));
        var attributes = await _idp.UserAttributes(access);
        Assert.Equal("ben@example.com", attributes["email"]);
        Assert.Equal("true", attributes["email_verified"]);
        var message = await _idp.LatestMessage(client.PoolId, "ben", "UpdateUserAttribute");
        Assert.Equal("ben.new@example.com", message["destination"].Str());

        await Verify(access, "email", message["code"].Str());

        attributes = await _idp.UserAttributes(access);
        Assert.Equal("ben.new@example.com", attributes["email"]);
        Assert.Equal("true", attributes["email_verified"]);
    }

    [Fact]
    public async Task Updating_other_attributes_sends_no_code_and_returns_an_empty_delivery_list()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.VerifiedUser(client, "cal", "cal@example.com");
        var access = (await _idp.SignIn(client, "cal"))["AccessToken"].Str();

        var updated = await UpdateAttributes(access, ("given_name", "Cal"), ("email", "cal@example.com"));

        Assert.Empty(updated["CodeDeliveryDetailsList"]!.AsArray());
        var attributes = await _idp.UserAttributes(access);
        Assert.Equal("Cal", attributes["given_name"]);
        Assert.Equal("true", attributes["email_verified"]);
        Assert.DoesNotContain(await _idp.Messages(client.PoolId, "cal"), m => m!["kind"].Str() == "UpdateUserAttribute");
    }

    [Fact]
    public async Task UpdateUserAttributes_refuses_unknown_and_immutable_attributes()
    {
        var client = await _idp.CreatePoolAndClient("""
            { "AutoVerifiedAttributes": ["email"], "Schema": [ { "Name": "tenant", "AttributeDataType": "String", "Mutable": false } ] }
            """);
        await _idp.SignUp(client, "dora", IdpFlows.Password, ("custom:tenant", "acme"));
        await _idp.AdminConfirmSignUp(client.PoolId, "dora");
        var access = (await _idp.SignIn(client, "dora"))["AccessToken"].Str();

        await IdpFlows.Refused("InvalidParameterException", () => UpdateAttributes(access, ("custom:tenant", "other")));
        await IdpFlows.Refused("InvalidParameterException", () => UpdateAttributes(access, ("custom:unknown", "x")));
        Assert.Equal("acme", (await _idp.UserAttributes(access))["custom:tenant"]);
    }

    [Fact]
    public async Task DeleteUserAttributes_removes_attributes_but_refuses_required_and_unknown_ones()
    {
        var client = await _idp.CreatePoolAndClient("""
            { "AutoVerifiedAttributes": ["email"], "Schema": [ { "Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": true } ] }
            """);
        await _idp.SignUp(client, "eve", IdpFlows.Password, ("email", "eve@example.com"), ("given_name", "Eve"), ("nickname", "evie"));
        await _idp.AdminConfirmSignUp(client.PoolId, "eve");
        var access = (await _idp.SignIn(client, "eve"))["AccessToken"].Str();

        var deleted = await Aws.Idp("DeleteUserAttributes", new { AccessToken = access, UserAttributeNames = new[] { "given_name", "nickname" } });

        Assert.Equal("{}", deleted.ToJsonString());
        var attributes = await _idp.UserAttributes(access);
        Assert.False(attributes.ContainsKey("given_name"));
        Assert.False(attributes.ContainsKey("nickname"));
        await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("DeleteUserAttributes", new { AccessToken = access, UserAttributeNames = new[] { "email" } }));
        await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("DeleteUserAttributes", new { AccessToken = access, UserAttributeNames = new[] { "custom:none" } }));
        Assert.Equal("eve@example.com", (await _idp.UserAttributes(access))["email"]);
    }

    [Fact]
    public async Task GetUserAttributeVerificationCode_sends_a_code_that_verifies_the_email()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "fay", "fay@example.com");
        var access = (await _idp.SignIn(client, "fay"))["AccessToken"].Str();
        Assert.NotEqual("true", (await _idp.UserAttributes(access)).GetValueOrDefault("email_verified"));

        var sent = await Aws.Idp("GetUserAttributeVerificationCode", new { AccessToken = access, AttributeName = "email" });

        Expect.Contains("""{ "CodeDeliveryDetails": { "Destination": "f***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email" } }""", sent);
        var message = await _idp.LatestMessage(client.PoolId, "fay", "VerifyUserAttribute");
        Assert.Equal("fay@example.com", message["destination"].Str());
        await Verify(access, "email", message["code"].Str());
        Assert.Equal("true", (await _idp.UserAttributes(access))["email_verified"]);
        // A spent code does not work twice.
        await IdpFlows.Refused("CodeMismatchException", () => Verify(access, "email", message["code"].Str()));
    }

    [Fact]
    public async Task GetUserAttributeVerificationCode_for_an_attribute_the_user_lacks_is_InvalidParameterException()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.VerifiedUser(client, "gus", "gus@example.com");
        var access = (await _idp.SignIn(client, "gus"))["AccessToken"].Str();

        await IdpFlows.Refused("InvalidParameterException", () =>
            Aws.Idp("GetUserAttributeVerificationCode", new { AccessToken = access, AttributeName = "phone_number" }));
    }

    [Fact]
    public async Task ChangePassword_checks_the_previous_password_and_the_policy_then_the_new_password_works()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.VerifiedUser(client, "hank", "hank@example.com");
        var access = (await _idp.SignIn(client, "hank"))["AccessToken"].Str();

        await IdpFlows.Refused("NotAuthorizedException", () => ChangePassword(access, "Wr0ng-Passw0rd!", UserAdmin.NewPassword));
        await IdpFlows.Refused("InvalidPasswordException", () => ChangePassword(access, IdpFlows.Password, "nouppercase1!"));
        await _idp.SignIn(client, "hank");

        Assert.Equal("{}", (await ChangePassword(access, IdpFlows.Password, UserAdmin.NewPassword)).ToJsonString());

        await _idp.SignIn(client, "hank", UserAdmin.NewPassword);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "hank"), "Incorrect username or password.");
    }

    [Fact]
    public async Task ForgotPassword_sends_a_code_to_the_verified_email_and_ConfirmForgotPassword_sets_the_new_password()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.VerifiedUser(client, "iris", "iris@example.com");

        var forgot = await Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "iris" });

        Expect.Contains("""{ "CodeDeliveryDetails": { "Destination": "i***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email" } }""", forgot);
        var message = await _idp.LatestMessage(client.PoolId, "iris", "ForgotPassword");
        Assert.Equal("iris@example.com", message["destination"].Str());
        var code = message["code"].Str();

        await IdpFlows.Refused("CodeMismatchException", () => ConfirmForgot(client, "iris", code == "000000" ? "111111" : "000000", UserAdmin.NewPassword));
        await IdpFlows.Refused("InvalidPasswordException", () => ConfirmForgot(client, "iris", code, "weak"));
        await _idp.SignIn(client, "iris");

        Assert.Equal("{}", (await ConfirmForgot(client, "iris", code, UserAdmin.NewPassword)).ToJsonString());

        await _idp.SignIn(client, "iris", UserAdmin.NewPassword);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "iris"));
        Assert.Equal("CONFIRMED", await _idp.Status(client.PoolId, "iris"));
    }

    [Fact]
    public async Task A_forgot_password_code_expires_after_an_hour()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.VerifiedUser(client, "jack", "jack@example.com");
        await Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "jack" });
        var code = (await _idp.LatestMessage(client.PoolId, "jack", "ForgotPassword"))["code"].Str();

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        await IdpFlows.Refused("ExpiredCodeException", () => ConfirmForgot(client, "jack", code, UserAdmin.NewPassword));
        await _idp.SignIn(client, "jack");
    }

    [Fact]
    public async Task ForgotPassword_for_an_unknown_user_answers_like_a_real_one_when_existence_errors_are_prevented()
    {
        // An email alias is verified, so every user it could name has somewhere to send a code (other unknown names are
        // sometimes answered as users without a verified contact, as Cognito does; Auth/UserExistenceTests has those).
        var client = await _idp.CreatePoolAndClient("""{ "AutoVerifiedAttributes": ["email"], "AliasAttributes": ["email"] }""", """{ "PreventUserExistenceErrors": "ENABLED" }""");
        await _idp.VerifiedUser(client, "kate", "kate@example.com");

        var real = await Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "kate@example.com" });
        var fake = await Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "nobody@example.com" });

        Assert.Equal(Shape(real), Shape(fake));
        Assert.Equal("EMAIL", fake["CodeDeliveryDetails"]!["DeliveryMedium"].Str());
        Assert.Equal("email", fake["CodeDeliveryDetails"]!["AttributeName"].Str());
        Assert.Matches(@"^.\*\*\*@.\*\*\*$", fake["CodeDeliveryDetails"]!["Destination"].Str());
    }

    [Fact]
    public async Task ForgotPassword_for_an_unknown_user_is_UserNotFoundException_with_LEGACY_errors()
    {
        var client = await _idp.CreatePoolAndClient(clientSettingsJson: """{ "PreventUserExistenceErrors": "LEGACY" }""");

        await IdpFlows.Refused("UserNotFoundException", () => Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "nobody" }));
    }

    [Fact]
    public async Task ForgotPassword_without_a_verified_contact_is_InvalidParameterException()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "liam", "liam@example.com");

        await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "liam" }));
    }

    [Fact]
    public async Task ForgotPassword_with_a_client_secret_needs_the_SecretHash()
    {
        var client = await _idp.CreatePoolAndClient(clientSettingsJson: """{ "GenerateSecret": true }""");
        await _idp.VerifiedUser(client, "mona", "mona@example.com");

        await IdpFlows.Refused("NotAuthorizedException", () => Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "mona" }));

        var hash = IdpFlows.SecretHash(client.Secret!, "mona", client.Id);
        await Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "mona", SecretHash = hash });
        var code = (await _idp.LatestMessage(client.PoolId, "mona", "ForgotPassword"))["code"].Str();
        await Aws.Idp("ConfirmForgotPassword", new { ClientId = client.Id, Username = "mona", SecretHash = hash, ConfirmationCode = code, Password = UserAdmin.NewPassword });
        await _idp.SignIn(client, "mona", UserAdmin.NewPassword);
    }

    [Fact]
    public async Task DeleteUser_removes_the_account_so_sign_in_and_its_tokens_fail()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.VerifiedUser(client, "nick", "nick@example.com");
        var tokens = await _idp.SignIn(client, "nick");

        Assert.Equal("{}", (await Aws.Idp("DeleteUser", new { AccessToken = tokens["AccessToken"].Str() })).ToJsonString());

        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(client, "nick"), "Incorrect username or password.");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.GetUser(tokens["AccessToken"].Str()));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Refresh(client, tokens["RefreshToken"].Str()));
        await IdpFlows.Refused("UserNotFoundException", () => _idp.AdminGetUser(client.PoolId, "nick"));
    }

    private Task<JsonNode> UpdateAttributes(string accessToken, params (string Name, string Value)[] attributes) =>
        Aws.Idp("UpdateUserAttributes", new { AccessToken = accessToken, UserAttributes = UserAdmin.Attributes(attributes) });

    private Task<JsonNode> Verify(string accessToken, string attribute, string code) =>
        Aws.Idp("VerifyUserAttribute", new { AccessToken = accessToken, AttributeName = attribute, Code = code });

    private Task<JsonNode> ChangePassword(string accessToken, string previous, string proposed) =>
        Aws.Idp("ChangePassword", new { AccessToken = accessToken, PreviousPassword = previous, ProposedPassword = proposed });

    private Task<JsonNode> ConfirmForgot(TestClient client, string username, string code, string password) =>
        Aws.Idp("ConfirmForgotPassword", new { ClientId = client.Id, Username = username, ConfirmationCode = code, Password = password });

    /// <summary>The member names, recursively: what a client could tell two answers apart by, values aside.</summary>
    private static string Shape(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Shape(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Shape)) + "]",
        null => "null",
        _ => node.GetValueKind().ToString(),
    };
}
