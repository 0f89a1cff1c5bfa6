using System.Globalization;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Triggers;

/// <summary>A trigger host that also delivers email by SMTP, to an <see cref="SmtpSink"/>.</summary>
public sealed class SmtpTriggerHost<TStore> : TriggerHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;

    public SmtpSink Smtp { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["CognitoLite:Smtp:Host"] = "127.0.0.1",
        ["CognitoLite:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["CognitoLite:Smtp:Security"] = "none",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class CustomMessageTriggerTestsOnPostgres(SmtpTriggerHost<OnPostgres> fixture) : CustomMessageTriggerContract(fixture, fixture.Smtp), IClassFixture<SmtpTriggerHost<OnPostgres>>;

public sealed class CustomMessageTriggerTestsOnSqlite(SmtpTriggerHost<OnSqlite> fixture) : CustomMessageTriggerContract(fixture, fixture.Smtp), IClassFixture<SmtpTriggerHost<OnSqlite>>;

/// <summary>
/// Custom message: the event of every message kind, the function's subject and text in the outbox and by SMTP with the real
/// code in place of {####}, the pool's own message when the function's lacks the placeholder, and refusals that leave the
/// earlier code working.
/// </summary>
public abstract class CustomMessageTriggerContract(TriggerHost fixture, SmtpSink smtp)
{
    private readonly IdpFlows _idp = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    private async Task<TestClient> PoolWith(string function, string poolSettings = """ "AutoVerifiedAttributes": ["email"] """) =>
        await _idp.CreateClient(await _idp.CreatePool($$"""{ {{poolSettings}}, "LambdaConfig": { "CustomMessage": "{{LambdaStandIn.Arn(function)}}" } }"""));

    private static Answer Writes(string? email = null, string? subject = null, string? sms = null) => Answer.Returns(response =>
    {
        response["emailMessage"] = email;
        response["emailSubject"] = subject;
        response["smsMessage"] = sms;
    });

    private async Task<JsonNode> LastMessage(TestClient client, string username) => (await _idp.Messages(client.PoolId, username))[^1]!;

    [Fact]
    public async Task CustomMessage_SignUp_event_and_the_functions_subject_and_text_in_the_outbox_and_by_SMTP_with_the_real_code()
    {
        var client = await PoolWith("message-sign-up");
        _lambda.Program("message-sign-up", Writes(email: "Welcome! Your code is {####}.", subject: "Welcome aboard", sms: "Code: {####}"));

        var sub = (await _idp.Aws.Idp("SignUp", new
        {
            ClientId = client.Id,
            Username = "alice",
            Password = IdpFlows.Password,
            UserAttributes = new[] { new { Name = "email", Value = "alice.signup@example.com" } },
            ClientMetadata = new { lang = "en" },
        }))["UserSub"].Str();

        JsonAssert.Same($$"""
            {
              "version": "1", "triggerSource": "CustomMessage_SignUp", "region": "us-east-1", "userPoolId": "{{client.PoolId}}", "userName": "alice",
              "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "{{client.Id}}" },
              "request": {
                "userAttributes": { "sub": "{{sub}}", "email": "alice.signup@example.com", "cognito:user_status": "UNCONFIRMED" },
                "codeParameter": "{####}", "linkParameter": "{##Click Here##}", "usernameParameter": null,
                "clientMetadata": { "lang": "en" }
              },
              "response": { "smsMessage": null, "emailMessage": null, "emailSubject": null }
            }
            """, _lambda.Event("message-sign-up"));
        var message = Assert.Single(await _idp.Messages(client.PoolId, "alice"))!;
        var code = message["code"].Str();
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(("Welcome aboard", $"Welcome! Your code is {code}."), (message["subject"].Str(), message["body"].Str()));
        var mail = Assert.Single(smtp.To("alice.signup@example.com"));
        Assert.Equal(("Welcome aboard", $"Welcome! Your code is {code}."), (mail.Subject, mail.TextBody!.TrimEnd('\r', '\n')));
        await _idp.ConfirmSignUp(client, "alice", code);
    }

    [Fact]
    public async Task Every_code_message_asks_with_its_own_source_and_the_operations_client_metadata()
    {
        var client = await PoolWith("message-kinds");
        _lambda.Program("message-kinds", Writes(email: "Your code: {####}"));
        await _idp.SignUp(client, "bob", IdpFlows.Password, ("email", "bob@example.com"));

        await _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = client.Id, Username = "bob", ClientMetadata = new { step = "resend" } });
        await _idp.ConfirmSignUp(client, "bob", await _idp.LatestCode(client.PoolId, "bob"));
        await _idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "bob", ClientMetadata = new { step = "forgot" } });
        var accessToken = (await _idp.SignIn(client, "bob"))["AccessToken"].Str();
        await _idp.Aws.Idp("GetUserAttributeVerificationCode", new { AccessToken = accessToken, AttributeName = "email", ClientMetadata = new { step = "verify" } });
        await _idp.Aws.Idp("UpdateUserAttributes", new
        {
            AccessToken = accessToken,
            UserAttributes = new[] { new { Name = "email", Value = "bob.new@example.com" } },
            ClientMetadata = new { step = "update" },
        });

        var calls = _lambda.Calls("message-kinds").Select(c => c.Event).ToList();
        Assert.Equal(
            ["CustomMessage_SignUp", "CustomMessage_ResendCode", "CustomMessage_ForgotPassword", "CustomMessage_VerifyUserAttribute", "CustomMessage_UpdateUserAttribute"],
            calls.Select(e => e["triggerSource"].Str()));
        Assert.All(calls, e => Assert.Equal(client.Id, e["callerContext"]!["clientId"].Str()));
        Assert.Equal([null, "resend", "forgot", "verify", "update"], calls.Select(e => (string?)e["request"]!["clientMetadata"]?["step"]));
        var messages = await _idp.Messages(client.PoolId, "bob");
        Assert.Equal(5, messages.Count);
        Assert.All(messages, m => Assert.Equal($"Your code: {m!["code"].Str()}", m!["body"].Str()));
        Assert.Equal("bob.new@example.com", messages[^1]!["destination"].Str());
        Assert.Equal("bob.new@example.com", smtp.To("bob.new@example.com").Single().To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task CustomMessage_AdminCreateUser_has_the_username_placeholder_no_client_and_no_client_metadata()
    {
        var client = await PoolWith("message-invite");
        _lambda.Program("message-invite", Writes(email: "Hi {username}, sign in with {####}", subject: "You are invited", sms: "{username} / {####}"));

        await _idp.Aws.Idp("AdminCreateUser", new
        {
            UserPoolId = client.PoolId,
            Username = "carol",
            TemporaryPassword = "Temp0rary!",
            UserAttributes = new[] { new { Name = "email", Value = "carol@example.com" }, new { Name = "phone_number", Value = "+15555550100" } },
            DesiredDeliveryMediums = new[] { "EMAIL", "SMS" },
            ClientMetadata = new { batch = "7" },
        });

        var request = _lambda.Event("message-invite");
        Assert.Equal("CustomMessage_AdminCreateUser", request["triggerSource"].Str());
        Assert.Equal("CLIENT_ID_NOT_APPLICABLE", request["callerContext"]!["clientId"].Str());
        Assert.Equal("{username}", request["request"]!["usernameParameter"].Str());
        Assert.False(request["request"]!.AsObject().ContainsKey("clientMetadata"));
        Assert.Equal("FORCE_CHANGE_PASSWORD", request["request"]!["userAttributes"]!["cognito:user_status"].Str());
        var messages = await _idp.Messages(client.PoolId, "carol");
        Assert.Equal(
            [("EMAIL", "You are invited", "Hi carol, sign in with Temp0rary!"), ("SMS", null, "carol / Temp0rary!")],
            messages.Select(m => (m!["medium"].Str(), (string?)m["subject"], m["body"].Str())));
    }

    [Fact]
    public async Task AdminCreateUser_holds_no_write_lock_while_its_invitation_is_written()
    {
        var client = await PoolWith("message-invite-writes");
        // While the function runs, another request writes: on SQLite it would wait for the invitation's transaction
        // (and the function would time out) if that transaction were open during the call.
        _lambda.Program("message-invite-writes", Answer.Returns(response =>
        {
            _idp.Aws.Idp("AdminCreateUser", new { UserPoolId = client.PoolId, Username = "written-meanwhile", MessageAction = "SUPPRESS" }).GetAwaiter().GetResult();
            response["emailMessage"] = "Hi {username}, sign in with {####}";
        }));

        await _idp.Aws.Idp("AdminCreateUser", new
        {
            UserPoolId = client.PoolId,
            Username = "dana",
            TemporaryPassword = "Temp0rary!",
            UserAttributes = new[] { new { Name = "email", Value = "dana@example.com" } },
            DesiredDeliveryMediums = new[] { "EMAIL" },
        });

        Assert.Equal("Hi dana, sign in with Temp0rary!", (await LastMessage(client, "dana"))["body"].Str());
        Assert.Equal("FORCE_CHANGE_PASSWORD", (await _idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "written-meanwhile" }))["UserStatus"].Str());
    }

    [Fact]
    public async Task AdminCreateUser_of_a_taken_name_is_refused_before_the_function_writes_an_invitation()
    {
        var client = await PoolWith("message-invite-taken", """ "AutoVerifiedAttributes": ["email"], "AliasAttributes": ["email"] """);
        _lambda.Program("message-invite-taken", Writes());
        await _idp.Aws.Idp("AdminCreateUser", new { UserPoolId = client.PoolId, Username = "erin", MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "email", Value = "erin@example.com" }, new { Name = "email_verified", Value = "true" } } });

        await IdpFlows.Refused("UsernameExistsException", () => _idp.Aws.Idp("AdminCreateUser", new { UserPoolId = client.PoolId, Username = "erin",
            UserAttributes = new[] { new { Name = "email", Value = "other@example.com" } }, DesiredDeliveryMediums = new[] { "EMAIL" } }));
        await IdpFlows.Refused("AliasExistsException", () => _idp.Aws.Idp("AdminCreateUser", new { UserPoolId = client.PoolId, Username = "frank",
            UserAttributes = new[] { new { Name = "email", Value = "erin@example.com" }, new { Name = "email_verified", Value = "true" } }, DesiredDeliveryMediums = new[] { "EMAIL" } }));

        Assert.Empty(_lambda.Calls("message-invite-taken"));
        Assert.Empty(await _idp.Messages(client.PoolId, "frank"));
        await IdpFlows.Refused("UserNotFoundException", () => _idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "frank" }));
    }

    [Fact]
    public async Task CustomMessage_Authentication_writes_the_sign_in_code_message()
    {
        var client = await PoolWith("message-mfa");
        await _idp.Aws.Idp("SetUserPoolMfaConfig", new
        {
            UserPoolId = client.PoolId,
            MfaConfiguration = "ON",
            SmsMfaConfiguration = new { SmsAuthenticationMessage = "Pool code {####}" },
        });
        _lambda.Program("message-mfa", Writes());
        await _idp.SignUp(client, "dave", IdpFlows.Password, ("phone_number", "+15555550111"));
        await _idp.AdminConfirmSignUp(client.PoolId, "dave");
        _lambda.Program("message-mfa", Writes(sms: "Your sign-in code is {####}"));

        var challenge = await _idp.PasswordAuth(client, "dave");

        Assert.Equal("SMS_MFA", challenge["ChallengeName"].Str());
        var @event = _lambda.Event("message-mfa");
        Assert.Equal(("CustomMessage_Authentication", client.Id), (@event["triggerSource"].Str(), @event["callerContext"]!["clientId"].Str()));
        var sent = await LastMessage(client, "dave");
        Assert.Equal($"Your sign-in code is {sent["code"].Str()}", sent["body"].Str());
        var signedIn = await _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "SMS_MFA",
            Session = challenge["Session"].Str(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "dave", ["SMS_MFA_CODE"] = sent["code"].Str() },
        });
        Assert.NotNull(signedIn["AuthenticationResult"]!["AccessToken"]);
    }

    [Fact]
    public async Task A_text_without_the_code_placeholder_gives_way_to_the_pools_message_and_the_subject_stays()
    {
        var client = await PoolWith("message-no-code", """ "AutoVerifiedAttributes": ["email"], "VerificationMessageTemplate": { "EmailMessage": "Pool says {####}" } """);
        _lambda.Program("message-no-code", Writes(email: "Welcome, no code here", subject: "Custom subject"));

        await _idp.SignUp(client, "erin", IdpFlows.Password, ("email", "erin@example.com"));

        var sent = await LastMessage(client, "erin");
        Assert.Equal(("Custom subject", $"Pool says {sent["code"].Str()}"), (sent["subject"].Str(), sent["body"].Str()));
    }

    [Fact]
    public async Task An_invitation_without_the_username_placeholder_gives_way_to_the_pools_invitation()
    {
        var client = await PoolWith("message-no-username");
        _lambda.Program("message-no-username", Writes(email: "Your password is {####}"));

        await _idp.Aws.Idp("AdminCreateUser", new
        {
            UserPoolId = client.PoolId,
            Username = "frank",
            TemporaryPassword = "Temp0rary!",
            UserAttributes = new[] { new { Name = "email", Value = "frank@example.com" } },
            DesiredDeliveryMediums = new[] { "EMAIL" },
        });

        Assert.Equal("Your username is frank and temporary password is Temp0rary!. ", (await LastMessage(client, "frank"))["body"].Str());
    }

    [Fact]
    public async Task A_refusal_or_an_ill_shaped_answer_fails_the_resend_and_the_earlier_code_still_confirms()
    {
        var client = await PoolWith("message-refuses");
        _lambda.Program("message-refuses", Writes());
        await _idp.SignUp(client, "gina", IdpFlows.Password, ("email", "gina@example.com"));
        var code = await _idp.LatestCode(client.PoolId, "gina");

        _lambda.Program("message-refuses", Answer.Throws("Mail templates are down"));
        await IdpFlows.Refused("UserLambdaValidationException", () => _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = client.Id, Username = "gina" }),
            "CustomMessage failed with error Mail templates are down.");
        _lambda.Program("message-refuses", Answer.Returns(response => response["emailMessage"] = 42));
        await IdpFlows.Refused("InvalidLambdaResponseException", () => _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = client.Id, Username = "gina" }),
            "Unrecognizable lambda output");

        Assert.Single(await _idp.Messages(client.PoolId, "gina"));
        await _idp.ConfirmSignUp(client, "gina", code);
    }

    [Fact]
    public async Task A_refused_sign_up_message_leaves_the_user_unconfirmed_without_a_code_until_one_is_resent()
    {
        var client = await PoolWith("message-sign-up-refuses");
        _lambda.Program("message-sign-up-refuses", Answer.Throws("No messages today"));

        await IdpFlows.Refused("UserLambdaValidationException", () => _idp.SignUp(client, "hana", IdpFlows.Password, ("email", "hana@example.com")),
            "CustomMessage failed with error No messages today.");

        Assert.Equal("UNCONFIRMED", (await _idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "hana" }))["UserStatus"].Str());
        Assert.Empty(await _idp.Messages(client.PoolId, "hana"));
        _lambda.Program("message-sign-up-refuses", Writes());
        await _idp.Aws.Idp("ResendConfirmationCode", new { ClientId = client.Id, Username = "hana" });
        await _idp.ConfirmSignUp(client, "hana", await _idp.LatestCode(client.PoolId, "hana"));
    }
}
