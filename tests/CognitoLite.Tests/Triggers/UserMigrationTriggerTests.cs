using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Pages;

namespace CognitoLite.Tests.Triggers;

public sealed class UserMigrationTriggerTestsOnPostgres(TriggerHost<OnPostgres> fixture) : UserMigrationTriggerContract(fixture), IClassFixture<TriggerHost<OnPostgres>>;

public sealed class UserMigrationTriggerTestsOnSqlite(TriggerHost<OnSqlite> fixture) : UserMigrationTriggerContract(fixture), IClassFixture<TriggerHost<OnSqlite>>;

/// <summary>
/// User migration: a password sign-in (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, the managed login pages) or a password
/// reset of a user the pool does not have asks the function, which creates the user as it answers; SRP never asks; a
/// refusal, an ill-shaped answer or a taken alias leaves no user.
/// </summary>
public abstract class UserMigrationTriggerContract(TriggerHost fixture)
{
    private const string LegacyPassword = "legacy-pass";

    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    private async Task<TestClient> PoolWith(string function, string poolSettings = """ "AutoVerifiedAttributes": ["email"] """, string? clientSettings = null) =>
        await _idp.CreateClient(await _idp.CreatePool($$"""{ {{poolSettings}}, "LambdaConfig": { "UserMigration": "{{LambdaStandIn.Arn(function)}}" } }"""), clientSettings);

    /// <summary>The function finds the user: these attributes, and whatever else the answer says.</summary>
    private static Answer Migrates(string attributesJson, Action<JsonObject>? more = null) => Answer.Returns(response =>
    {
        response["userAttributes"] = JsonNode.Parse(attributesJson);
        response["messageAction"] = "SUPPRESS";
        more?.Invoke(response);
    });

    private Task<JsonNode> PasswordAuth(TestClient client, string username, string password, object? clientMetadata = null) =>
        _idp.Aws.Idp("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = client.Id,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = username, ["PASSWORD"] = password },
            ClientMetadata = clientMetadata,
        });

    private Task<JsonNode> AdminGetUser(TestClient client, string username) => _idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = username });

    private async Task<Dictionary<string, string>> Attributes(TestClient client, string username) =>
        (await AdminGetUser(client, username))["UserAttributes"]!.AsArray().ToDictionary(a => a!["Name"].Str(), a => a!["Value"].Str());

    private async Task NoUser(TestClient client, string username)
    {
        await IdpFlows.Refused("UserNotFoundException", () => AdminGetUser(client, username));
        Assert.Empty(await _idp.Messages(client.PoolId, username));
    }

    [Fact]
    public async Task UserMigration_Authentication_event_creates_the_user_with_the_password_and_attributes_and_signs_in()
    {
        var client = await PoolWith("migrate-sign-in", clientSettings: """{ "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""");
        _lambda.Program("migrate-sign-in", Migrates("""{ "email": "alice@example.com", "email_verified": "true", "name": "Alice" }"""));

        var signedIn = await PasswordAuth(client, "alice", LegacyPassword, new { device = "web" });

        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "UserMigration_Authentication", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "alice",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": { "password": "legacy-pass", "validationData": { "device": "web" } },
              "response": {
                "userAttributes": null, "finalUserStatus": null, "messageAction": null,
                "desiredDeliveryMediums": null, "forceAliasCreation": null, "enableSMSMFA": null
              }
            }
            """, _lambda.Event("migrate-sign-in"));
        var claims = TestJwt.Claims(signedIn["AuthenticationResult"]!["IdToken"].Str());
        Assert.Equal(("alice", "Alice", "alice@example.com"), (claims["cognito:username"].Str(), claims["name"].Str(), claims["email"].Str()));
        Assert.Equal("CONFIRMED", (await AdminGetUser(client, "alice"))["UserStatus"].Str());
        Assert.Empty(await _idp.Messages(client.PoolId, "alice"));
        // The migrated user is the pool's now: the password works with SRP too, and the function is not asked again.
        await PasswordAuth(client, "alice", LegacyPassword);
        var srp = new SrpClient();
        var verifier = await _idp.InitiateAuth(client, "USER_SRP_AUTH", new() { ["USERNAME"] = "alice", ["SRP_A"] = srp.SrpA });
        var proved = await _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "PASSWORD_VERIFIER",
            ChallengeResponses = srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, LegacyPassword, DateTimeOffset.UtcNow),
        });
        Assert.NotNull(proved["AuthenticationResult"]!["AccessToken"]);
        Assert.Single(_lambda.Calls("migrate-sign-in"));
    }

    [Fact]
    public async Task ADMIN_USER_PASSWORD_AUTH_USER_AUTH_with_a_password_and_the_managed_login_pages_migrate_too_but_SRP_never_asks()
    {
        var pages = new LoginPagesClient(fixture.Host);
        var client = await pages.WebClient($$"""{ "LambdaConfig": { "UserMigration": "{{LambdaStandIn.Arn("migrate-everywhere")}}" } }""",
            """{ "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""");
        _lambda.Program("migrate-everywhere", Migrates("""{ "email": "x@example.com" }"""));

        var admin = await _idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = client.PoolId,
            ClientId = client.Id,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "bob", ["PASSWORD"] = LegacyPassword },
        });
        Assert.NotNull(admin["AuthenticationResult"]!["AccessToken"]);
        Assert.Equal("UserMigration_Authentication", _lambda.Event("migrate-everywhere")["triggerSource"].Str());

        _lambda.Program("migrate-everywhere", Migrates("""{ "email": "w@example.com" }"""));
        var choice = await _idp.InitiateAuth(client, "USER_AUTH", new() { ["USERNAME"] = "erin", ["PREFERRED_CHALLENGE"] = "PASSWORD", ["PASSWORD"] = LegacyPassword });
        Assert.NotNull(choice["AuthenticationResult"]!["AccessToken"]);
        Assert.Equal("erin", _lambda.Event("migrate-everywhere")["userName"].Str());

        _lambda.Program("migrate-everywhere", Migrates("""{ "email": "y@example.com" }"""));
        var back = await pages.SignIn(LoginPagesClient.AuthorizeUrl(client, ("scope", "openid")), "carol", LegacyPassword);
        Assert.Equal(HttpStatusCode.Redirect, back.Status);
        Assert.Equal("carol", _lambda.Event("migrate-everywhere")["userName"].Str());
        Assert.Equal("CONFIRMED", (await AdminGetUser(client, "carol"))["UserStatus"].Str());

        _lambda.Program("migrate-everywhere", Migrates("""{ "email": "z@example.com" }"""));
        var srp = new SrpClient();
        var verifier = await _idp.InitiateAuth(client, "USER_SRP_AUTH", new() { ["USERNAME"] = "dave", ["SRP_A"] = srp.SrpA });
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "PASSWORD_VERIFIER",
            ChallengeResponses = srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, LegacyPassword, DateTimeOffset.UtcNow),
        }), "Incorrect username or password.");
        Assert.Empty(_lambda.Calls("migrate-everywhere"));
        await NoUser(client, "dave");
    }

    [Fact]
    public async Task RESET_REQUIRED_creates_the_user_and_asks_for_a_password_reset()
    {
        var client = await PoolWith("migrate-reset");
        _lambda.Program("migrate-reset", Migrates("""{ "email": "erin@example.com", "email_verified": "true" }""", r => r["finalUserStatus"] = "RESET_REQUIRED"));

        await IdpFlows.Refused("PasswordResetRequiredException", () => PasswordAuth(client, "erin", LegacyPassword), "Password reset required for the user");

        Assert.Equal("RESET_REQUIRED", (await AdminGetUser(client, "erin"))["UserStatus"].Str());
        await _idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "erin" });
        await _idp.Aws.Idp("ConfirmForgotPassword", new
        {
            ClientId = client.Id,
            Username = "erin",
            ConfirmationCode = await _idp.LatestCode(client.PoolId, "erin"),
            Password = "N3w-Passw0rd!",
        });
        await PasswordAuth(client, "erin", "N3w-Passw0rd!");
        Assert.Single(_lambda.Calls("migrate-reset"));
    }

    [Fact]
    public async Task Without_SUPPRESS_the_welcome_message_is_the_invitation_to_the_desired_medium_and_SMS_MFA_can_be_turned_on()
    {
        var client = await PoolWith("migrate-welcome");
        _lambda.Program("migrate-welcome", Answer.Returns(response =>
        {
            response["userAttributes"] = JsonNode.Parse("""{ "email": "frank@example.com", "phone_number": "+15555550123" }""");
            response["desiredDeliveryMediums"] = new JsonArray("EMAIL");
            response["enableSMSMFA"] = true;
        }));

        await PasswordAuth(client, "frank", LegacyPassword);

        var welcome = Assert.Single(await _idp.Messages(client.PoolId, "frank"))!;
        Assert.Equal(("EMAIL", "frank@example.com", "Your username is frank and temporary password is legacy-pass. "),
            (welcome["medium"].Str(), welcome["destination"].Str(), welcome["body"].Str()));
        Assert.Equal(["SMS_MFA"], (await AdminGetUser(client, "frank"))["UserMFASettingList"].Strings());
    }

    [Fact]
    public async Task The_welcome_message_function_runs_with_no_write_lock_held()
    {
        var client = await _idp.CreateClient(await _idp.CreatePool($$"""
            { "AutoVerifiedAttributes": ["email"], "LambdaConfig": {
                "UserMigration": "{{LambdaStandIn.Arn("migrate-welcome-writes")}}", "CustomMessage": "{{LambdaStandIn.Arn("welcome-writes")}}" } }
            """));
        _lambda.Program("migrate-welcome-writes", Answer.Returns(response =>
        {
            response["userAttributes"] = JsonNode.Parse("""{ "email": "hana@example.com" }""");
            response["desiredDeliveryMediums"] = new JsonArray("EMAIL");
        }));
        // Another request writes while the function runs: on SQLite it would wait for an open transaction, and the function time out.
        _lambda.Program("welcome-writes", Answer.Returns(_ =>
            _idp.Aws.Idp("AdminCreateUser", new { UserPoolId = client.PoolId, Username = "written-meanwhile", MessageAction = "SUPPRESS" }).GetAwaiter().GetResult()));

        await PasswordAuth(client, "hana", LegacyPassword);

        Assert.Equal("hana@example.com", Assert.Single(await _idp.Messages(client.PoolId, "hana"))!["destination"].Str());
        Assert.Equal("FORCE_CHANGE_PASSWORD", (await AdminGetUser(client, "written-meanwhile"))["UserStatus"].Str());
    }

    [Fact]
    public async Task ForceAliasCreation_takes_the_verified_email_from_its_holder_and_without_it_nothing_is_created()
    {
        var client = await PoolWith("migrate-alias", """ "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] """);
        await _idp.VerifiedUser(client, "gina", "shared@example.com");
        _lambda.Program("migrate-alias", Migrates("""{ "email": "shared@example.com", "email_verified": "true" }"""));

        await IdpFlows.Refused("AliasExistsException", () => PasswordAuth(client, "hana", LegacyPassword), "An account with the given email already exists.");
        await NoUser(client, "hana");

        _lambda.Program("migrate-alias", Migrates("""{ "email": "shared@example.com", "email_verified": "true" }""", r => r["forceAliasCreation"] = true));
        await PasswordAuth(client, "hana", LegacyPassword);

        Assert.Equal("false", (await Attributes(client, "gina"))["email_verified"]);
        var claims = TestJwt.Claims((await PasswordAuth(client, "shared@example.com", LegacyPassword))["AuthenticationResult"]!["AccessToken"].Str());
        Assert.Equal("hana", claims["username"].Str());
    }

    [Fact]
    public async Task A_refusal_an_ill_shaped_answer_or_refused_attributes_leave_no_user()
    {
        var client = await PoolWith("migrate-refuses");
        _lambda.Program("migrate-refuses", Answer.Throws("Bad password"));
        await IdpFlows.Refused("UserLambdaValidationException", () => PasswordAuth(client, "ivan", "wrong"), "UserMigration failed with error Bad password.");

        foreach (var answer in new[] { "{}", """{ "userAttributes": { "email": 5 } }""", """{ "userAttributes": {}, "finalUserStatus": "FORCE_CHANGE_PASSWORD" }""",
                     """{ "userAttributes": {}, "messageAction": "RESEND" }""", """{ "userAttributes": {}, "desiredDeliveryMediums": ["FAX"] }""" })
        {
            _lambda.Program("migrate-refuses", Answer.Returns(response =>
            {
                foreach (var (name, value) in JsonNode.Parse(answer)!.AsObject()) response[name] = value?.DeepClone();
            }));
            await IdpFlows.Refused("InvalidLambdaResponseException", () => PasswordAuth(client, "ivan", LegacyPassword), "Unrecognizable lambda output");
        }

        _lambda.Program("migrate-refuses", Migrates("""{ "shoe_size": "42" }"""));
        await IdpFlows.Refused("InvalidParameterException", () => PasswordAuth(client, "ivan", LegacyPassword));
        await NoUser(client, "ivan");
    }

    [Fact]
    public async Task UserMigration_ForgotPassword_creates_the_user_RESET_REQUIRED_and_sends_the_code()
    {
        var client = await PoolWith("migrate-forgot");
        _lambda.Program("migrate-forgot", Migrates("""{ "email": "jack@example.com", "email_verified": "true" }"""));

        var sent = await _idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "jack", ClientMetadata = new { via = "app" } });

        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "UserMigration_ForgotPassword", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "jack",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": { "clientMetadata": { "via": "app" } },
              "response": {
                "userAttributes": null, "finalUserStatus": null, "messageAction": null,
                "desiredDeliveryMediums": null, "forceAliasCreation": null, "enableSMSMFA": null
              }
            }
            """, _lambda.Event("migrate-forgot"));
        Assert.Equal("EMAIL", sent["CodeDeliveryDetails"]!["DeliveryMedium"].Str());
        Assert.Equal("RESET_REQUIRED", (await AdminGetUser(client, "jack"))["UserStatus"].Str());
        await _idp.Aws.Idp("ConfirmForgotPassword", new
        {
            ClientId = client.Id,
            Username = "jack",
            ConfirmationCode = await _idp.LatestCode(client.PoolId, "jack"),
            Password = "N3w-Passw0rd!",
        });
        await PasswordAuth(client, "jack", "N3w-Passw0rd!");
        Assert.Single(_lambda.Calls("migrate-forgot"));
    }

    [Fact]
    public async Task A_reset_migration_without_a_verified_email_or_phone_leaves_no_user()
    {
        var client = await PoolWith("migrate-forgot-nowhere");
        _lambda.Program("migrate-forgot-nowhere", Migrates("""{ "email": "kate@example.com" }"""));

        await IdpFlows.Refused("InvalidParameterException", () => _idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "kate" }));

        await NoUser(client, "kate");
    }
}
