using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Triggers;

public sealed class SignUpTriggerTestsOnPostgres(TriggerHost<OnPostgres> fixture) : SignUpTriggerContract(fixture), IClassFixture<TriggerHost<OnPostgres>>;

public sealed class SignUpTriggerTestsOnSqlite(TriggerHost<OnSqlite> fixture) : SignUpTriggerContract(fixture), IClassFixture<TriggerHost<OnSqlite>>;

/// <summary>
/// Pre sign-up (SignUp, AdminCreateUser) and post confirmation (ConfirmSignUp, AdminConfirmSignUp, ConfirmForgotPassword):
/// the events as the function receives them, what its answer does, and what a refusal leaves (nothing).
/// </summary>
public abstract class SignUpTriggerContract(TriggerHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    private async Task<TestClient> PoolWith(string lambdaConfig, string poolSettings = """ "AutoVerifiedAttributes": ["email"] """) =>
        await _idp.CreateClient(await _idp.CreatePool($$"""{ {{poolSettings}}, "LambdaConfig": { {{lambdaConfig}} } }"""));

    private Task<JsonNode> SignUp(TestClient client, string username, object attributes, object? validationData = null, object? clientMetadata = null) =>
        _idp.Aws.Idp("SignUp", new JsonObject
        {
            ["ClientId"] = client.Id,
            ["Username"] = username,
            ["Password"] = IdpFlows.Password,
            ["UserAttributes"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(attributes)),
            ["ValidationData"] = validationData is null ? null : JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(validationData)),
            ["ClientMetadata"] = clientMetadata is null ? null : JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(clientMetadata)),
        }.ToJsonString());

    private async Task<JsonNode> AdminGetUser(string poolId, string username) =>
        await _idp.Aws.Idp("AdminGetUser", new { UserPoolId = poolId, Username = username });

    private async Task<Dictionary<string, string>> Attributes(string poolId, string username) =>
        (await AdminGetUser(poolId, username))["UserAttributes"]!.AsArray().ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());

    /// <summary>No such user, and nothing was sent to it.</summary>
    private async Task NoUser(string poolId, string username)
    {
        await IdpFlows.Refused("UserNotFoundException", () => AdminGetUser(poolId, username));
        Assert.Empty(await _idp.Messages(poolId, username));
    }

    [Fact]
    public async Task PreSignUp_SignUp_event_has_the_attributes_validation_data_and_client_metadata()
    {
        var client = await PoolWith($""" "PreSignUp": "{LambdaStandIn.Arn("pre-sign-up-event")}" """);
        _lambda.Program("pre-sign-up-event", Answer.Returns());

        var signedUp = await SignUp(client, "alice", new[] { new { Name = "email", Value = "alice@example.com" }, new { Name = "name", Value = "Alice" } },
            new[] { new { Name = "captcha", Value = "ok" } }, new { source = "web" });

        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "PreSignUp_SignUp", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "alice",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": {
                "userAttributes": { "email": "alice@example.com", "name": "Alice" },
                "validationData": { "captcha": "ok" },
                "clientMetadata": { "source": "web" }
              },
              "response": { "autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false }
            }
            """, _lambda.Event("pre-sign-up-event"));
        // The unchanged answer changes nothing: an unconfirmed user and a code.
        Assert.False(signedUp["UserConfirmed"]!.GetValue<bool>());
        Assert.Equal("EMAIL", signedUp["CodeDeliveryDetails"]!["DeliveryMedium"]!.GetValue<string>());
        Assert.Equal("UNCONFIRMED", (await AdminGetUser(client.PoolId, "alice"))["UserStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_validation_data_the_event_has_null_and_no_client_metadata()
    {
        var client = await PoolWith($""" "PreSignUp": "{LambdaStandIn.Arn("pre-sign-up-bare")}" """, """ "UsernameAttributes": ["email"] """);
        _lambda.Program("pre-sign-up-bare", Answer.Returns());

        var signedUp = await SignUp(client, "bob@example.com", Array.Empty<object>());

        // In a pool signing in by email the username is the sub, and the email an attribute.
        var request = _lambda.Event("pre-sign-up-bare");
        Assert.Equal(signedUp["UserSub"]!.GetValue<string>(), request["userName"]!.GetValue<string>());
        JsonAssert.Same("""{ "userAttributes": { "email": "bob@example.com" }, "validationData": null }""", request["request"]);
    }

    [Theory]
    [InlineData("aws-sdk-nodejs/2.856.0 linux/v14.21.3 exec-env/AWS_Lambda_nodejs14.x", null, "aws-sdk-nodejs-2.856.0")]
    [InlineData("aws-sdk-dotnet-coreclr/3.7.300.2 aws-sdk-dotnet-core/3.7.300.2 .NET_Core/8.0.1 OS/Linux", null, "aws-sdk-dotnet-coreclr-3.7.300.2")]
    // A browser cannot set User-Agent, so the JS SDK there names itself in X-Amz-User-Agent.
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", "aws-sdk-js/3.637.0 ua/2.1 os/other lang/js md/browser#Chrome_131", "aws-sdk-js-3.637.0")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", "aws-amplify/6.6.0 auth/4 framework/1", "aws-sdk-unknown-unknown")]
    [InlineData("aws-cli/1.36.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.2", null, "aws-sdk-unknown-unknown")]
    [InlineData("not-aws-sdk-js/3.0.0", null, "aws-sdk-unknown-unknown")]
    public async Task CallerContext_names_the_SDK_the_callers_user_agent_names(string userAgent, string? amzUserAgent, string awsSdkVersion)
    {
        var function = "pre-sign-up-sdk-" + Guid.NewGuid().ToString("N")[..8];
        var client = await PoolWith($""" "PreSignUp": "{LambdaStandIn.Arn(function)}" """);
        _lambda.Program(function, Answer.Returns());
        var http = fixture.Host.CreateClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        if (amzUserAgent is not null) http.DefaultRequestHeaders.TryAddWithoutValidation("X-Amz-User-Agent", amzUserAgent);

        await new AwsClient(http).Idp("SignUp", new { ClientId = client.Id, Username = "sdk-user", Password = IdpFlows.Password });

        JsonAssert.Same($$"""{ "awsSdkVersion": "{{awsSdkVersion}}", "clientId": "{{client.Id}}" }""", _lambda.Event(function)["callerContext"]);
    }

    [Fact]
    public async Task AutoConfirmUser_confirms_without_a_code_and_autoVerify_verifies_the_email_and_phone()
    {
        var client = await PoolWith($""" "PreSignUp": "{LambdaStandIn.Arn("auto-confirm")}", "PostConfirmation": "{LambdaStandIn.Arn("auto-confirm-post")}" """);
        _lambda.Program("auto-confirm", Answer.Returns(response =>
        {
            response["autoConfirmUser"] = true;
            response["autoVerifyEmail"] = true;
            response["autoVerifyPhone"] = true;
        }));
        _lambda.Program("auto-confirm-post", Answer.Returns());

        var signedUp = await SignUp(client, "carol", new[] { new { Name = "email", Value = "carol@example.com" }, new { Name = "phone_number", Value = "+15555550123" } });

        Assert.True(signedUp["UserConfirmed"]!.GetValue<bool>());
        Assert.Null(signedUp["CodeDeliveryDetails"]);
        Assert.Empty(await _idp.Messages(client.PoolId, "carol"));
        Assert.Equal("CONFIRMED", (await AdminGetUser(client.PoolId, "carol"))["UserStatus"]!.GetValue<string>());
        var attributes = await Attributes(client.PoolId, "carol");
        Assert.Equal(("true", "true"), (attributes["email_verified"], attributes["phone_number_verified"]));
        // Confirmed at sign-up, not by a confirmation: post confirmation does not run.
        Assert.Empty(_lambda.Calls("auto-confirm-post"));
        Assert.NotNull(await _idp.SignIn(client, "carol"));
    }

    [Fact]
    public async Task AutoVerifyEmail_makes_the_email_the_new_users_alias_and_unverifies_the_holders()
    {
        var client = await PoolWith($""" "PreSignUp": "{LambdaStandIn.Arn("auto-verify-alias")}" """, """ "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] """);
        _lambda.Program("auto-verify-alias", Answer.Returns());
        await _idp.VerifiedUser(client, "dave", "shared@example.com");
        _lambda.Program("auto-verify-alias", Answer.Returns(response =>
        {
            response["autoConfirmUser"] = true;
            response["autoVerifyEmail"] = true;
        }));

        await SignUp(client, "erin", new[] { new { Name = "email", Value = "shared@example.com" } });

        Assert.Equal("false", (await Attributes(client.PoolId, "dave"))["email_verified"]);
        Assert.Equal("true", (await Attributes(client.PoolId, "erin"))["email_verified"]);
        var tokens = await _idp.SignIn(client, "shared@example.com");
        Assert.Equal("erin", TestJwt.Claims(tokens["AccessToken"]!.GetValue<string>())["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task AutoVerifyEmail_for_a_user_without_email_is_InvalidLambdaResponse_and_leaves_no_user()
    {
        var client = await PoolWith($""" "PreSignUp": "{LambdaStandIn.Arn("auto-verify-nothing")}" """);
        _lambda.Program("auto-verify-nothing", Answer.Returns(response => response["autoVerifyEmail"] = true));

        await IdpFlows.Refused("InvalidLambdaResponseException", () => SignUp(client, "frank", Array.Empty<object>()), "Unrecognizable lambda output");

        await NoUser(client.PoolId, "frank");
    }

    [Fact]
    public async Task A_refusal_is_UserLambdaValidation_with_the_functions_message_and_leaves_no_user()
    {
        var client = await PoolWith($""" "PreSignUp": "{LambdaStandIn.Arn("pre-sign-up-refuses")}" """);
        _lambda.Program("pre-sign-up-refuses", Answer.Throws("Sign-ups from example.org are closed"));

        await IdpFlows.Refused("UserLambdaValidationException",
            () => SignUp(client, "gina", new[] { new { Name = "email", Value = "gina@example.org" } }),
            "PreSignUp failed with error Sign-ups from example.org are closed.");

        await NoUser(client.PoolId, "gina");
        // Nothing holds the name or the email: the same sign-up goes through once the function lets it.
        _lambda.Program("pre-sign-up-refuses", Answer.Returns());
        await SignUp(client, "gina", new[] { new { Name = "email", Value = "gina@example.org" } });
        Assert.Equal("UNCONFIRMED", (await AdminGetUser(client.PoolId, "gina"))["UserStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task PreSignUp_AdminCreateUser_event_has_no_client_and_its_answer_is_ignored()
    {
        var client = await PoolWith($""" "PreSignUp": "{LambdaStandIn.Arn("pre-admin-create")}" """);
        _lambda.Program("pre-admin-create", Answer.Returns(response => response["autoConfirmUser"] = true));

        await _idp.Aws.Idp("AdminCreateUser", new
        {
            UserPoolId = client.PoolId,
            Username = "hana",
            TemporaryPassword = "Temp0rary!",
            MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "email", Value = "hana@example.com" }, new { Name = "email_verified", Value = "true" } },
            ValidationData = new[] { new { Name = "invited-by", Value = "admin" } },
            ClientMetadata = new { batch = "7" },
        });

        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "PreSignUp_AdminCreateUser", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "hana",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "CLIENT_ID_NOT_APPLICABLE" },
              "request": {
                "userAttributes": { "email": "hana@example.com", "email_verified": "true" },
                "validationData": { "invited-by": "admin" },
                "clientMetadata": { "batch": "7" }
              },
              "response": { "autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false }
            }
            """, _lambda.Event("pre-admin-create"));
        Assert.Equal("FORCE_CHANGE_PASSWORD", (await AdminGetUser(client.PoolId, "hana"))["UserStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_AdminCreateUser_leaves_no_user_and_sends_no_invitation()
    {
        var client = await PoolWith($""" "PreSignUp": "{LambdaStandIn.Arn("pre-admin-refuses")}" """);
        _lambda.Program("pre-admin-refuses", Answer.Throws("No new staff today"));

        await IdpFlows.Refused("UserLambdaValidationException", () => _idp.Aws.Idp("AdminCreateUser", new
        {
            UserPoolId = client.PoolId,
            Username = "ivan",
            UserAttributes = new[] { new { Name = "email", Value = "ivan@example.com" } },
            DesiredDeliveryMediums = new[] { "EMAIL" },
        }), "PreSignUp failed with error No new staff today.");

        await NoUser(client.PoolId, "ivan");
    }

    [Fact]
    public async Task PostConfirmation_ConfirmSignUp_event_follows_the_code_with_the_confirmed_user()
    {
        var client = await PoolWith($""" "PostConfirmation": "{LambdaStandIn.Arn("post-confirm")}" """);
        _lambda.Program("post-confirm", Answer.Returns());
        var sub = (await SignUp(client, "jack", new[] { new { Name = "email", Value = "jack@example.com" } }))["UserSub"]!.GetValue<string>();
        Assert.Empty(_lambda.Calls("post-confirm"));

        await _idp.Aws.Idp("ConfirmSignUp", new
        {
            ClientId = client.Id,
            Username = "jack",
            ConfirmationCode = await _idp.LatestCode(client.PoolId, "jack"),
            ClientMetadata = new { campaign = "spring" },
        });

        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "PostConfirmation_ConfirmSignUp", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "jack",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": {
                "userAttributes": { "sub": "{{sub}}", "email": "jack@example.com", "email_verified": "true", "cognito:user_status": "CONFIRMED" },
                "clientMetadata": { "campaign": "spring" }
              },
              "response": {}
            }
            """, _lambda.Event("post-confirm"));
    }

    [Fact]
    public async Task PostConfirmation_from_AdminConfirmSignUp_names_no_client()
    {
        var client = await PoolWith($""" "PostConfirmation": "{LambdaStandIn.Arn("post-admin-confirm")}" """);
        _lambda.Program("post-admin-confirm", Answer.Returns());
        await SignUp(client, "kate", Array.Empty<object>());

        await _idp.Aws.Idp("AdminConfirmSignUp", new { UserPoolId = client.PoolId, Username = "kate", ClientMetadata = new { by = "support" } });

        var @event = _lambda.Event("post-admin-confirm");
        Assert.Equal("PostConfirmation_ConfirmSignUp", @event["triggerSource"]!.GetValue<string>());
        Assert.Equal("CLIENT_ID_NOT_APPLICABLE", @event["callerContext"]!["clientId"]!.GetValue<string>());
        JsonAssert.Same("""{ "by": "support" }""", @event["request"]!["clientMetadata"]);
        Assert.Equal("CONFIRMED", @event["request"]!["userAttributes"]!["cognito:user_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_PostConfirmation_is_reported_and_the_user_stays_confirmed()
    {
        var client = await PoolWith($""" "PostConfirmation": "{LambdaStandIn.Arn("post-confirm-fails")}" """);
        _lambda.Program("post-confirm-fails", Answer.Throws("Profile store is down"));
        await SignUp(client, "liam", new[] { new { Name = "email", Value = "liam@example.com" } });
        var code = await _idp.LatestCode(client.PoolId, "liam");

        await IdpFlows.Refused("UserLambdaValidationException",
            () => _idp.ConfirmSignUp(client, "liam", code), "PostConfirmation failed with error Profile store is down.");

        Assert.Equal("CONFIRMED", (await AdminGetUser(client.PoolId, "liam"))["UserStatus"]!.GetValue<string>());
        Assert.NotNull(await _idp.SignIn(client, "liam"));
    }

    [Fact]
    public async Task PostConfirmation_ConfirmForgotPassword_event_follows_the_new_password()
    {
        var client = await PoolWith($""" "PostConfirmation": "{LambdaStandIn.Arn("post-forgot")}" """);
        _lambda.Program("post-forgot", Answer.Returns());
        await _idp.VerifiedUser(client, "mia", "mia@example.com");
        _lambda.Program("post-forgot", Answer.Returns());
        await _idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "mia" });

        await _idp.Aws.Idp("ConfirmForgotPassword", new
        {
            ClientId = client.Id,
            Username = "mia",
            ConfirmationCode = await _idp.LatestCode(client.PoolId, "mia"),
            Password = "N3w-Passw0rd!",
            ClientMetadata = new { via = "app" },
        });

        var @event = _lambda.Event("post-forgot");
        Assert.Equal("PostConfirmation_ConfirmForgotPassword", @event["triggerSource"]!.GetValue<string>());
        Assert.Equal(client.Id, @event["callerContext"]!["clientId"]!.GetValue<string>());
        JsonAssert.Same("""{ "via": "app" }""", @event["request"]!["clientMetadata"]);
        Assert.NotNull(await _idp.SignIn(client, "mia", "N3w-Passw0rd!"));
    }
}
