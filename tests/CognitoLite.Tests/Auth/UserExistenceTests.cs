using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Mfa;
using CognitoLite.Tests.Pages;
using CognitoLite.Tests.Passkeys;

namespace CognitoLite.Tests.Auth;

public sealed class UserExistenceTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : UserExistenceContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class UserExistenceTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : UserExistenceContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// PreventUserExistenceErrors ENABLED: every sign-in and recovery path answers a name the pool does not have as it answers a
/// real user with a wrong secret (the same error type, message and HTTP status; the same challenge, parameters and session
/// shape), at the next step too, on a replay and after expiry; and answers a disabled user as an enabled one where Cognito
/// does. Where Cognito alternates between two answers real users get, an unknown name gets one of them, always the same.
/// The host's clock is a ManualClock.
/// </summary>
public abstract class UserExistenceContract(ManualClockHost fixture)
{
    private const string Wrong = "Wr0ng-passw0rd!";
    private const string Origin = "http://localhost:3000";
    private const string InvalidSession = "Invalid session for the user.";
    private const string Flows = """
        { "PreventUserExistenceErrors": "ENABLED",
          "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }
        """;
    private static readonly string[] Factors = ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"];

    private readonly MfaFlows _mfa = new(fixture);

    private IdpFlows Idp => _mfa.Idp;

    /// <summary>A pool offering every first factor (and these settings) with a client that prevents user-existence errors.</summary>
    private async Task<TestClient> Pool(string? poolSettings = null)
    {
        var settings = JsonNode.Parse(poolSettings ?? "{}")!.AsObject();
        settings["Policies"] = JsonNode.Parse("""{ "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"] } }""");
        return await Idp.CreateClient(await Idp.CreatePool(settings.ToJsonString()), Flows);
    }

    /// <summary>A CONFIRMED user with a password, and a verified email and phone.</summary>
    private Task<JsonNode> User(TestClient client, string username) => Idp.AdminConfirmedUser(client.PoolId, username, IdpFlows.Password,
        ("email", username + "@example.com"), ("email_verified", "true"), ("phone_number", MfaFlows.Phone), ("phone_number_verified", "true"));

    private Task<JsonNode> Initiate(TestClient client, string flow, string username, Dictionary<string, string>? more = null) =>
        Idp.InitiateAuth(client, flow, new Dictionary<string, string>(more ?? []) { ["USERNAME"] = username });

    private Task<JsonNode> Respond(TestClient client, string challenge, JsonNode step, string username, Dictionary<string, string>? more = null) =>
        _mfa.Respond(client, challenge, step["Session"]?.GetValue<string>(), new Dictionary<string, string>(more ?? []) { ["USERNAME"] = username });

    private Task<JsonNode> Forgot(TestClient client, string username) => Idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = username });

    private Task<JsonNode> Resend(TestClient client, string username) => Idp.Aws.Idp("ResendConfirmationCode", new { ClientId = client.Id, Username = username });

    /// <summary>Both calls fail alike: error type, message, HTTP status and x-amzn-ErrorType. Returns the unknown name's error.</summary>
    private static async Task<AwsErrorException> SameRefusal(Func<Task> known, Func<Task> unknown) => SameAs(await AwsClient.Fails(known), await AwsClient.Fails(unknown));

    private static AwsErrorException SameAs(AwsErrorException expected, AwsErrorException actual)
    {
        Assert.Equal((expected.Type, expected.AwsMessage, expected.Status), (actual.Type, actual.AwsMessage, actual.Status));
        Assert.Equal(expected.Response.Headers.GetValues("x-amzn-ErrorType"), actual.Response.Headers.GetValues("x-amzn-ErrorType"));
        return actual;
    }

    /// <summary>The same challenge: its name, its parameters' names in order, a session of the same form, no tokens.</summary>
    private static void SameChallenge(JsonNode known, JsonNode unknown)
    {
        Assert.Equal(known["ChallengeName"].Str(), unknown["ChallengeName"].Str());
        Assert.Equal(known["ChallengeParameters"]!.AsObject().Select(p => p.Key), unknown["ChallengeParameters"]!.AsObject().Select(p => p.Key));
        Assert.Equal(known["Session"] is null, unknown["Session"] is null);
        if (unknown["Session"] is { } session) Assert.Matches("^[A-Za-z0-9_-]{128}$", session.Str());
        if (known["Session"] is { } real) Assert.Matches("^[A-Za-z0-9_-]{128}$", real.Str());
        Assert.Null(unknown["AuthenticationResult"]);
    }

    /// <summary>Unknown names, until one is found whose answer <paramref name="fits"/>.</summary>
    private static async Task<string> UnknownName(string prefix, Func<string, Task<bool>> fits)
    {
        for (var i = 0; i < 64; i++)
            if (await fits($"{prefix}{i}")) return $"{prefix}{i}";
        throw new Xunit.Sdk.XunitException($"No unknown name {prefix}N fits.");
    }

    [Fact]
    public async Task A_password_sign_in_of_an_unknown_name_is_refused_as_a_wrong_password_even_with_a_device_key()
    {
        var client = await Pool("""{ "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": false, "DeviceOnlyRememberedOnUserPrompt": false } }""");
        await User(client, "ann");
        Task Password(string name, Dictionary<string, string>? more = null) => Initiate(client, "USER_PASSWORD_AUTH", name, new(more ?? []) { ["PASSWORD"] = Wrong });
        Task AdminPassword(string name) => Idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = client.PoolId, ClientId = client.Id, AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = name, ["PASSWORD"] = Wrong },
        });
        Task Preferred(string name) => Initiate(client, "USER_AUTH", name, new() { ["PREFERRED_CHALLENGE"] = "PASSWORD", ["PASSWORD"] = Wrong });

        var refused = await SameRefusal(() => Password("ann"), () => Password("nobody"));
        Assert.Equal(("NotAuthorizedException", "Incorrect username or password.", HttpStatusCode.Forbidden), (refused.Type, refused.AwsMessage, refused.Status));
        await SameRefusal(() => AdminPassword("ann"), () => AdminPassword("nobody"));
        await SameRefusal(() => Preferred("ann"), () => Preferred("nobody"));
        // A device key the user does not have is refused before the password, for a name the pool does not have too.
        var device = new Dictionary<string, string> { ["DEVICE_KEY"] = $"us-east-1_{Guid.NewGuid()}" };
        refused = await SameRefusal(() => Password("ann", device), () => Password("nobody", device));
        Assert.Equal(("ResourceNotFoundException", "Device does not exist."), (refused.Type, refused.AwsMessage));
    }

    [Fact]
    public async Task SRP_shows_an_unknown_name_a_steady_verifier_of_a_real_ones_form_and_refuses_its_proof_as_a_wrong_password()
    {
        var client = await Pool("""{ "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": false, "DeviceOnlyRememberedOnUserPrompt": false } }""");
        await User(client, "ann");
        var srp = new SrpClient();
        Task<JsonNode> Start(string name) => Initiate(client, "USER_SRP_AUTH", name, new() { ["SRP_A"] = srp.SrpA });
        Task Prove(JsonNode verifier, Dictionary<string, string>? more = null) => _mfa.Respond(client, "PASSWORD_VERIFIER", null,
            new Dictionary<string, string>(srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, Wrong, fixture.Clock.GetUtcNow()).Concat(more ?? [])));

        var known = await Start("ann");
        var unknown = await Start("nobody");

        SameChallenge(known, unknown);
        Assert.Equal(["SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME"], unknown["ChallengeParameters"]!.AsObject().Select(p => p.Key));
        Assert.Equal("nobody", unknown["ChallengeParameters"]!["USER_ID_FOR_SRP"].Str());
        foreach (var challenge in new[] { known, unknown })
        {
            // SECRET_BLOCK is base64 of a session token, SALT the padded hex of 16 random bytes, SRP_B of a number mod N.
            Assert.Matches("^[A-Za-z0-9_-]{128}$", Encoding.ASCII.GetString(Convert.FromBase64String(challenge["ChallengeParameters"]!["SECRET_BLOCK"].Str())));
            Assert.Matches("^(00[89a-f]|[0-7])[0-9a-f]{29,31}$", challenge["ChallengeParameters"]!["SALT"].Str());
            Assert.Matches("^[0-9a-f]+$", challenge["ChallengeParameters"]!["SRP_B"].Str());
        }
        // The salt is the same at every request, whatever the case of the name (the pool's names are case-insensitive), as a real user's.
        Assert.Equal(unknown["ChallengeParameters"]!["SALT"].Str(), (await Start("nobody"))["ChallengeParameters"]!["SALT"].Str());
        Assert.Equal(unknown["ChallengeParameters"]!["SALT"].Str(), (await Start("NoBody"))["ChallengeParameters"]!["SALT"].Str());
        Assert.Equal("nobody", (await Start("NoBody"))["ChallengeParameters"]!["USER_ID_FOR_SRP"].Str());
        Assert.Equal(known["ChallengeParameters"]!["SALT"].Str(), (await Start("ANN"))["ChallengeParameters"]!["SALT"].Str());
        for (var i = 0; i < 16; i++) Assert.Matches("^(00[89a-f]|[0-7])[0-9a-f]{29,31}$", (await Start($"nobody{i}"))["ChallengeParameters"]!["SALT"].Str());

        var refused = await SameRefusal(() => Prove(known), () => Prove(unknown));
        Assert.Equal("Incorrect username or password.", refused.AwsMessage);
        await SameRefusal(() => Prove(known), () => Prove(unknown));
        var device = new Dictionary<string, string> { ["DEVICE_KEY"] = $"us-east-1_{Guid.NewGuid()}" };
        refused = await SameRefusal(async () => await Prove(await Start("ann"), device), async () => await Prove(await Start("nobody"), device));
        Assert.Equal("Device does not exist.", refused.AwsMessage);
    }

    [Fact]
    public async Task SRP_names_an_unknown_email_with_a_steady_UUID_where_usernames_are_subs()
    {
        var client = await Idp.CreateClient(await Idp.CreatePool("""{ "UsernameAttributes": ["email"] }"""), Flows);
        var sub = (await Idp.AdminConfirmedUser(client.PoolId, "ann@example.com"))["Username"].Str();
        var srp = new SrpClient();
        Task<JsonNode> Start(string name) => Initiate(client, "USER_SRP_AUTH", name, new() { ["SRP_A"] = srp.SrpA });

        var known = await Start("ann@example.com");
        var unknown = await Start("nobody@example.com");

        SameChallenge(known, unknown);
        Assert.Equal(sub, known["ChallengeParameters"]!["USER_ID_FOR_SRP"].Str());
        var id = unknown["ChallengeParameters"]!["USER_ID_FOR_SRP"].Str();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.Equal(id, unknown["ChallengeParameters"]!["USERNAME"].Str());
        Assert.Equal(id, (await Start("Nobody@Example.com"))["ChallengeParameters"]!["USER_ID_FOR_SRP"].Str());
        Assert.NotEqual(id, (await Start("other@example.com"))["ChallengeParameters"]!["USER_ID_FOR_SRP"].Str());
    }

    [Fact]
    public async Task USER_AUTH_offers_an_unknown_name_a_steady_choice_of_the_pools_factors_and_keeps_to_it()
    {
        var client = await Pool();
        await User(client, "ann");

        var known = await Initiate(client, "USER_AUTH", "ann");
        var unknown = await Initiate(client, "USER_AUTH", "nobody");

        SameChallenge(known, unknown);
        Assert.Equal(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"], known["AvailableChallenges"].Strings());
        var choices = new HashSet<string>();
        for (var i = 0; i < 12; i++)
        {
            var name = $"nobody{i}";
            var offered = (await Initiate(client, "USER_AUTH", name))["AvailableChallenges"].Strings();
            choices.Add(string.Join(",", offered));
            // Every user has a password; the rest is the name's, and the same at every request.
            Assert.Equal(["PASSWORD", "PASSWORD_SRP"], offered.Take(2));
            Assert.All(offered, factor => Assert.Contains(factor, Factors));
            Assert.Equal(offered, (await Initiate(client, "USER_AUTH", name.ToUpperInvariant()))["AvailableChallenges"].Strings());
            // A preference is granted exactly when it is one of them, as for a real user.
            foreach (var preferred in new[] { "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN" })
            {
                var answer = await Initiate(client, "USER_AUTH", name, new() { ["PREFERRED_CHALLENGE"] = preferred });
                Assert.Equal(offered.Contains(preferred) ? preferred : "SELECT_CHALLENGE", answer["ChallengeName"].Str());
            }
        }
        Assert.True(choices.Count > 1, "Every unknown name was offered the same factors.");
        Assert.Contains("EMAIL_OTP", (await Initiate(client, "USER_AUTH", "nobody@example.com"))["AvailableChallenges"].Strings());
        Assert.Contains("SMS_OTP", (await Initiate(client, "USER_AUTH", "+15555550199"))["AvailableChallenges"].Strings());
    }

    [Fact]
    public async Task Answers_to_an_unknown_names_SELECT_CHALLENGE_fail_as_a_real_users_wrong_answers()
    {
        var client = await Pool();
        await User(client, "ann");
        const string unknown = "nobody@example.com";
        async Task<JsonNode> Select(string name, string answer, JsonNode? step = null, Dictionary<string, string>? more = null) =>
            await Respond(client, "SELECT_CHALLENGE", step ?? await Initiate(client, "USER_AUTH", name), name, new(more ?? []) { ["ANSWER"] = answer });

        // A wrong password uses the session up.
        var (knownStep, unknownStep) = (await Initiate(client, "USER_AUTH", "ann"), await Initiate(client, "USER_AUTH", unknown));
        var password = new Dictionary<string, string> { ["PASSWORD"] = Wrong };
        var refused = await SameRefusal(() => Select("ann", "PASSWORD", knownStep, password), () => Select(unknown, "PASSWORD", unknownStep, password));
        Assert.Equal("Incorrect username or password.", refused.AwsMessage);
        refused = await SameRefusal(() => Select("ann", "PASSWORD", knownStep, password), () => Select(unknown, "PASSWORD", unknownStep, password));
        Assert.Equal(InvalidSession, refused.AwsMessage);
        refused = await SameRefusal(() => Select("ann", "FOO"), () => Select(unknown, "FOO"));
        Assert.Equal("FOO is not one of the challenges available to the user.", refused.AwsMessage);
        await SameRefusal(() => Select("ann", "PASSWORD"), () => Select(unknown, "PASSWORD"));

        // A code by email: the same challenge, and every code is wrong until the attempts run out.
        var (knownCode, unknownCode) = (await Select("ann", "EMAIL_OTP"), await Select(unknown, "EMAIL_OTP"));
        SameChallenge(knownCode, unknownCode);
        Assert.Equal(("EMAIL", "n***@e***", unknown), (unknownCode["ChallengeParameters"]!["CODE_DELIVERY_DELIVERY_MEDIUM"].Str(),
            unknownCode["ChallengeParameters"]!["CODE_DELIVERY_DESTINATION"].Str(), unknownCode["ChallengeParameters"]!["USER_ID_FOR_SRP"].Str()));
        Assert.Empty(await Idp.Messages(client.PoolId, unknown));
        var code = MfaFlows.Other((await _mfa.LastMessage(client, "ann"))["code"].Str());
        for (var attempt = 0; attempt < 5; attempt++)
        {
            refused = await SameRefusal(() => Respond(client, "EMAIL_OTP", knownCode, "ann", new() { ["EMAIL_OTP_CODE"] = code }),
                () => Respond(client, "EMAIL_OTP", unknownCode, unknown, new() { ["EMAIL_OTP_CODE"] = code }));
            Assert.Equal(("CodeMismatchException", "Invalid code or auth state for the user."), (refused.Type, refused.AwsMessage));
        }
        refused = await SameRefusal(() => Respond(client, "EMAIL_OTP", knownCode, "ann", new() { ["EMAIL_OTP_CODE"] = code }),
            () => Respond(client, "EMAIL_OTP", unknownCode, unknown, new() { ["EMAIL_OTP_CODE"] = code }));
        Assert.Equal(InvalidSession, refused.AwsMessage);

        // SRP goes on to a verifier of the same form.
        var srp = new Dictionary<string, string> { ["SRP_A"] = new SrpClient().SrpA };
        SameChallenge(await Select("ann", "PASSWORD_SRP", more: srp), await Select(unknown, "PASSWORD_SRP", more: srp));
    }

    [Fact]
    public async Task An_unknown_names_passkey_challenge_lists_steady_made_up_passkeys_and_refuses_every_assertion_as_a_bad_one()
    {
        var client = await Pool();
        await User(client, "ann");
        using var annsKey = new TestAuthenticator();
        var token = (await Idp.SignIn(client, "ann"))["AccessToken"].Str();
        var creation = (await Idp.Aws.Idp("StartWebAuthnRegistration", new { AccessToken = token }))["CredentialCreationOptions"]!;
        await Idp.Aws.Idp("CompleteWebAuthnRegistration", new JsonObject { ["AccessToken"] = token, ["Credential"] = annsKey.Register(creation, Origin) });
        Task<JsonNode> Passkey(string name) => Initiate(client, "USER_AUTH", name, new() { ["PREFERRED_CHALLENGE"] = "WEB_AUTHN" });
        static JsonNode Options(JsonNode challenge) => JsonNode.Parse(challenge["ChallengeParameters"]!["CREDENTIAL_REQUEST_OPTIONS"].Str())!;
        var unknown = await UnknownName("nobody", async name => (await Passkey(name))["ChallengeName"].Str() == "WEB_AUTHN");

        var knownChallenge = await Passkey("ann");
        var unknownChallenge = await Passkey(unknown);

        SameChallenge(knownChallenge, unknownChallenge);
        var (known, decoy) = (Options(knownChallenge), Options(unknownChallenge));
        Assert.Equal(known.AsObject().Select(p => p.Key), decoy.AsObject().Select(p => p.Key));
        Assert.Equal((known["rpId"].Str(), known["timeout"]!.GetValue<int>(), known["userVerification"].Str()),
            (decoy["rpId"].Str(), decoy["timeout"]!.GetValue<int>(), decoy["userVerification"].Str()));
        var listed = decoy["allowCredentials"]!.AsArray();
        Assert.InRange(listed.Count, 1, 2);
        Assert.All(listed, credential =>
        {
            Assert.Equal(["id", "type", "transports"], credential!.AsObject().Select(p => p.Key));
            Assert.Contains(TestJwt.FromBase64Url(credential["id"].Str()).Length, new[] { 16, 20, 32, 64 });
            Assert.Equal("public-key", credential["type"].Str());
            Assert.NotEmpty(credential["transports"]!.AsArray());
        });
        // The same passkeys at every request, as a real user's; a new challenge each time.
        var again = Options(await Passkey(unknown));
        Assert.Equal(listed.ToJsonString(), again["allowCredentials"]!.ToJsonString());
        Assert.NotEqual(decoy["challenge"].Str(), again["challenge"].Str());

        Task Answer(JsonNode challenge, string name, string credential) =>
            Respond(client, "WEB_AUTHN", challenge, name, new() { ["CREDENTIAL"] = credential });
        using var otherKey = new TestAuthenticator();
        var refused = await SameRefusal(() => Answer(knownChallenge, "ann", otherKey.Assert(Options(knownChallenge).ToJsonString(), Origin).ToJsonString()),
            () => Answer(unknownChallenge, unknown, otherKey.Assert(decoy.ToJsonString(), Origin).ToJsonString()));
        Assert.Equal(("NotAuthorizedException", "The passkey could not be verified."), (refused.Type, refused.AwsMessage));
        refused = await SameRefusal(() => Answer(knownChallenge, "ann", "{}"), () => Answer(unknownChallenge, unknown, "{}"));
        Assert.Equal(InvalidSession, refused.AwsMessage);
        refused = await SameRefusal(async () => await Answer(await Passkey("ann"), "ann", "not json"), async () => await Answer(await Passkey(unknown), unknown, "not json"));
        Assert.Equal("InvalidParameterException", refused.Type);
    }

    [Fact]
    public async Task An_unknown_names_session_expires_and_belongs_to_its_user_and_client_as_a_real_one()
    {
        var client = await Pool();
        var other = await Idp.CreateClient(client.PoolId, Flows);
        await User(client, "ann");
        const string unknown = "nobody@example.com";
        Task<JsonNode> Code(string name) => Initiate(client, "USER_AUTH", name, new() { ["PREFERRED_CHALLENGE"] = "EMAIL_OTP" });
        Task Answer(JsonNode step, string name, TestClient by) => _mfa.Respond(by, "EMAIL_OTP", step["Session"].Str(),
            new Dictionary<string, string> { ["USERNAME"] = name, ["EMAIL_OTP_CODE"] = "000000" });
        var (known, decoy) = (await Code("ann"), await Code(unknown));

        var refused = await SameRefusal(() => Answer(known, "someone", client), () => Answer(decoy, "someone", client));
        Assert.Equal(InvalidSession, refused.AwsMessage);
        refused = await SameRefusal(() => Answer(known, "ann", other), () => Answer(decoy, unknown, other));
        Assert.Equal(InvalidSession, refused.AwsMessage);

        fixture.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));

        refused = await SameRefusal(() => Answer(known, "ann", client), () => Answer(decoy, unknown, client));
        Assert.Equal("Invalid session for the user, session is expired.", refused.AwsMessage);
        refused = await SameRefusal(() => Answer(known, "ann", client), () => Answer(decoy, unknown, client));
        Assert.Equal(InvalidSession, refused.AwsMessage);
    }

    [Fact]
    public async Task ForgotPassword_answers_an_unknown_name_as_one_real_user_or_another_and_a_disabled_user_as_an_enabled_one()
    {
        var client = await Pool("""{ "AutoVerifiedAttributes": ["email"], "AccountRecoverySetting": { "RecoveryMechanisms": [{ "Name": "verified_email", "Priority": 1 }] } }""");
        await User(client, "ann");
        await Idp.AdminConfirmedUser(client.PoolId, "ben", IdpFlows.Password, ("email", "ben@example.com"));
        await Idp.AdminConfirmedUser(client.PoolId, "cal", IdpFlows.Password, ("email", "cal@example.com"), ("email_verified", "true"));
        await Idp.Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "cal" });

        var known = await Forgot(client, "ann");
        Assert.Equal("""{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}""", known["CodeDeliveryDetails"]!.ToJsonString());
        Assert.Equal("""{"Destination":"c***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}""", (await Forgot(client, "cal"))["CodeDeliveryDetails"]!.ToJsonString());
        Assert.Empty(await Idp.Messages(client.PoolId, "cal"));

        // A real user without a verified email is told so; an unknown name gets that answer or a code "sent", always the same one.
        var recoverable = await UnknownName("nobody", Recovers);
        var unrecoverable = await UnknownName("nobody", async name => !await Recovers(name));
        var sent = await Forgot(client, recoverable);
        Assert.Equal(sent.ToJsonString(), (await Forgot(client, recoverable)).ToJsonString());
        Assert.Equal(("EMAIL", "email"), (sent["CodeDeliveryDetails"]!["DeliveryMedium"].Str(), sent["CodeDeliveryDetails"]!["AttributeName"].Str()));
        Assert.Matches(@"^n\*\*\*@[a-z]\*\*\*$", sent["CodeDeliveryDetails"]!["Destination"].Str());
        Assert.Empty(await Idp.Messages(client.PoolId, recoverable));
        var refused = await SameRefusal(() => Forgot(client, "ben"), () => Forgot(client, unrecoverable));
        Assert.Equal("InvalidParameterException", refused.Type);
        await SameRefusal(() => Forgot(client, "ben"), () => Forgot(client, unrecoverable));

        async Task<bool> Recovers(string name)
        {
            try
            {
                await Forgot(client, name);
                return true;
            }
            catch (AwsErrorException)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task ConfirmForgotPassword_refuses_an_unknown_name_and_a_disabled_user_as_a_wrong_code()
    {
        var client = await Pool("""{ "AutoVerifiedAttributes": ["email"] }""");
        await User(client, "ann");
        await User(client, "cal");
        await Forgot(client, "ann");
        await Forgot(client, "cal");
        var calsCode = (await Idp.LatestMessage(client.PoolId, "cal", "ForgotPassword"))["code"].Str();
        await Idp.Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "cal" });
        Task Confirm(string name, string code, string password = UserAdmin.NewPassword) =>
            Idp.Aws.Idp("ConfirmForgotPassword", new { ClientId = client.Id, Username = name, ConfirmationCode = code, Password = password });

        var refused = await SameRefusal(() => Confirm("ann", "000000"), () => Confirm("nobody", "000000"));
        Assert.Equal("CodeMismatchException", refused.Type);
        refused = await SameRefusal(() => Confirm("ann", "000000", "weak"), () => Confirm("nobody", "000000", "weak"));
        Assert.Equal("InvalidPasswordException", refused.Type);
        refused = await SameRefusal(() => Confirm("nobody", "000000"), () => Confirm("cal", calsCode));
        Assert.Equal("CodeMismatchException", refused.Type);
        await Idp.Aws.Idp("AdminEnableUser", new { UserPoolId = client.PoolId, Username = "cal" });
        Assert.NotNull((await Idp.SignIn(client, "cal"))["AccessToken"]);
    }

    [Fact]
    public async Task ResendConfirmationCode_and_ConfirmSignUp_answer_an_unknown_name_as_a_confirmed_user_or_an_unconfirmed_one_consistently()
    {
        var client = await Pool("""{ "AutoVerifiedAttributes": ["email"] }""");
        await User(client, "ann");
        await Idp.SignUp(client, "ben", IdpFlows.Password, ("email", "ben@example.com"));
        await Idp.SignUp(client, "cal", IdpFlows.Password, ("email", "cal@example.com"));
        await Idp.Aws.Idp("AdminDisableUser", new { UserPoolId = client.PoolId, Username = "cal" });
        var sentToCal = (await Idp.Messages(client.PoolId, "cal")).Count;

        var unconfirmed = await Resend(client, "ben");
        // Asked once: each wrong code counts against the real user's code.
        var wrongCode = await AwsClient.Fails(() => Idp.ConfirmSignUp(client, "ben", "000000"));
        Assert.Equal(unconfirmed["CodeDeliveryDetails"]!.AsObject().Select(p => p.Key), (await Resend(client, "cal"))["CodeDeliveryDetails"]!.AsObject().Select(p => p.Key));
        Assert.Equal(sentToCal, (await Idp.Messages(client.PoolId, "cal")).Count);
        var kinds = new HashSet<string>();
        for (var i = 0; i < 12; i++)
        {
            var name = $"nobody{i}";
            try
            {
                var sent = await Resend(client, name);
                Assert.Equal(unconfirmed["CodeDeliveryDetails"]!.AsObject().Select(p => p.Key), sent["CodeDeliveryDetails"]!.AsObject().Select(p => p.Key));
                Assert.Equal(sent.ToJsonString(), (await Resend(client, name)).ToJsonString());
                SameAs(wrongCode, await AwsClient.Fails(() => Idp.ConfirmSignUp(client, name, "000000")));
                kinds.Add("unconfirmed");
            }
            catch (AwsErrorException)
            {
                await SameRefusal(() => Resend(client, "ann"), () => Resend(client, name));
                await SameRefusal(() => Idp.ConfirmSignUp(client, "ann", "000000"), () => Idp.ConfirmSignUp(client, name, "000000"));
                kinds.Add("confirmed");
            }
            Assert.Empty(await Idp.Messages(client.PoolId, name));
        }
        Assert.Equal(2, kinds.Count);
    }

    [Fact]
    public async Task The_managed_login_pages_answer_an_unknown_name_as_a_wrong_password_or_a_wrong_code()
    {
        var pages = new LoginPagesClient(fixture.Host);
        var client = await pages.WebClient("""{ "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] } } }""",
            """{ "PreventUserExistenceErrors": "ENABLED", "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""");
        await User(client, "ann");
        async Task<PageAnswer> SignIn(string name, params (string, string)[] fields) =>
            await pages.Submit(await pages.Open(LoginPagesClient.AuthorizeUrl(client)), [("username", name), .. fields]);

        var (known, unknown) = (await SignIn("ann", ("password", Wrong)), await SignIn("nobody", ("password", Wrong)));
        Assert.Equal((known.Status, known.Alert, PageHtml.Title(known)), (unknown.Status, unknown.Alert, PageHtml.Title(unknown)));
        Assert.Equal("Incorrect username or password.", unknown.Alert);

        var (knownCode, unknownCode) = (await SignIn("ann", ("method", "EMAIL_OTP")), await SignIn("nobody@example.com", ("method", "EMAIL_OTP")));
        Assert.Equal((knownCode.Status, PageHtml.Title(knownCode)), (unknownCode.Status, PageHtml.Title(unknownCode)));
        Assert.Equal(PageHtml.Labels(knownCode), PageHtml.Labels(unknownCode));
        var (knownWrong, unknownWrong) = (await pages.Submit(knownCode, ("code", "000000")), await pages.Submit(unknownCode, ("code", "000000")));
        Assert.Equal((knownWrong.Status, knownWrong.Alert, PageHtml.Title(knownWrong)), (unknownWrong.Status, unknownWrong.Alert, PageHtml.Title(unknownWrong)));
        Assert.Equal("Invalid code or auth state for the user.", unknownWrong.Alert);
    }
}
