using System.Text.Json.Nodes;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Mfa;

namespace CognitoLite.Tests.Auth;

public sealed class ChoiceSignInTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : ChoiceSignInContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class ChoiceSignInTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : ChoiceSignInContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// USER_AUTH, choice-based sign-in: PREFERRED_CHALLENGE, SELECT_CHALLENGE with AvailableChallenges, and the PASSWORD,
/// PASSWORD_SRP, EMAIL_OTP and SMS_OTP first factors, through InitiateAuth and AdminInitiateAuth. The host's
/// clock is a ManualClock, so session expiry is exact.
/// </summary>
public abstract class ChoiceSignInContract(ManualClockHost fixture)
{
    private const string InvalidSession = "Invalid session for the user.";
    private const string AllFactors = """["PASSWORD", "EMAIL_OTP", "SMS_OTP"]""";
    private const string ChoiceFlows = """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""";

    private readonly MfaFlows _mfa = new(fixture);

    private IdpFlows Idp => _mfa.Idp;

    /// <summary>A pool whose SignInPolicy allows these first factors (the pool default when null), and a USER_AUTH client.</summary>
    private async Task<TestClient> Pool(string? factors = AllFactors, string clientSettings = ChoiceFlows)
    {
        var policies = factors is null ? "{}" : $$"""{ "SignInPolicy": { "AllowedFirstAuthFactors": {{factors}} } }""";
        return await Idp.CreateClient(await Idp.CreatePool($$"""{ "Policies": {{policies}} }"""), clientSettings);
    }

    /// <summary>A CONFIRMED user with a password and, if asked, a verified email (name@example.com) and a verified phone.</summary>
    private async Task User(TestClient client, string username, bool email = true, bool phone = false, bool verified = true)
    {
        var attributes = new List<(string, string)>();
        if (email) attributes.AddRange([("email", username + "@example.com"), ("email_verified", verified ? "true" : "false")]);
        if (phone) attributes.AddRange([("phone_number", MfaFlows.Phone), ("phone_number_verified", verified ? "true" : "false")]);
        await Idp.AdminConfirmedUser(client.PoolId, username, IdpFlows.Password, [.. attributes]);
    }

    private Task<JsonNode> UserAuth(TestClient client, string username, string? preferred = null, Dictionary<string, string>? more = null)
    {
        var parameters = new Dictionary<string, string>(more ?? []) { ["USERNAME"] = username };
        if (preferred is not null) parameters["PREFERRED_CHALLENGE"] = preferred;
        return Idp.InitiateAuth(client, "USER_AUTH", parameters);
    }

    private Task<JsonNode> Select(TestClient client, string? session, string username, string answer, Dictionary<string, string>? more = null) =>
        _mfa.Respond(client, "SELECT_CHALLENGE", session, new Dictionary<string, string>(more ?? []) { ["USERNAME"] = username, ["ANSWER"] = answer });

    /// <summary>SetUserPoolMfaConfig: OPTIONAL with this configuration.</summary>
    private async Task OptionalMfa(TestClient client, string configJson)
    {
        var config = JsonNode.Parse(configJson)!.AsObject();
        config["UserPoolId"] = client.PoolId;
        config["MfaConfiguration"] = "OPTIONAL";
        await Idp.Aws.Idp("SetUserPoolMfaConfig", config.ToJsonString());
    }

    private async Task<string> LastCode(TestClient client, string username) => (await _mfa.LastMessage(client, username))["code"].Str();

    private static void SignedIn(JsonNode response)
    {
        Assert.Null(response["ChallengeName"]);
        Assert.NotNull(response["AuthenticationResult"]!["AccessToken"]);
        Assert.NotNull(response["AuthenticationResult"]!["RefreshToken"]);
    }

    [Fact]
    public async Task Without_a_preference_the_user_chooses_among_the_challenges_they_can_answer()
    {
        var client = await Pool();
        await User(client, "ada", email: true, phone: true);
        await User(client, "ben", email: true, phone: true, verified: false);
        var passwordOnly = await Pool(factors: null);
        await User(passwordOnly, "cy", email: true, phone: true);

        var ada = await UserAuth(client, "ada");

        Assert.Equal("SELECT_CHALLENGE", ada["ChallengeName"].Str());
        Assert.Equal(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"], ada["AvailableChallenges"].Strings());
        Assert.Empty(ada["ChallengeParameters"]!.AsObject());
        Assert.True(ada["Session"].Str().Length >= 20);
        Assert.Null(ada["AuthenticationResult"]);
        // Codes go only to a verified email or phone; a pool's default sign-in policy allows passwords only.
        Assert.Equal(["PASSWORD", "PASSWORD_SRP"], (await UserAuth(client, "ben"))["AvailableChallenges"].Strings());
        Assert.Equal(["PASSWORD", "PASSWORD_SRP"], (await UserAuth(passwordOnly, "cy"))["AvailableChallenges"].Strings());
        // A preference the user cannot answer is no error: the user is asked to choose.
        var unverified = await UserAuth(client, "ben", preferred: "EMAIL_OTP");
        Assert.Equal("SELECT_CHALLENGE", unverified["ChallengeName"].Str());
        Assert.Equal(["PASSWORD", "PASSWORD_SRP"], unverified["AvailableChallenges"].Strings());
        Assert.Equal("SELECT_CHALLENGE", (await UserAuth(passwordOnly, "cy", preferred: "SMS_OTP"))["ChallengeName"].Str());
        Assert.Equal("SELECT_CHALLENGE", (await UserAuth(client, "ada", preferred: "WEB_AUTHN"))["ChallengeName"].Str());
        Assert.DoesNotContain(await Idp.Messages(client.PoolId, "ben"), m => m!["kind"].Str() == "Authentication");
        // The pool's choices are described as given.
        var pool = await Idp.Aws.Idp("DescribeUserPool", new { UserPoolId = client.PoolId });
        Assert.Equal(["PASSWORD", "EMAIL_OTP", "SMS_OTP"], pool["UserPool"]!["Policies"]!["SignInPolicy"]!["AllowedFirstAuthFactors"].Strings());
    }

    [Fact]
    public async Task Choosing_PASSWORD_checks_the_password_and_uses_the_session_once()
    {
        var client = await Pool();
        await User(client, "dan");
        var session = (await UserAuth(client, "dan"))["Session"].Str();

        // A choice without what it needs can be sent again; a wrong password uses the session up.
        await IdpFlows.Refused("InvalidParameterException", () => Select(client, session, "dan", "PASSWORD"), "Missing required parameter PASSWORD");
        await IdpFlows.Refused("NotAuthorizedException",
            () => Select(client, session, "dan", "PASSWORD", new() { ["PASSWORD"] = "Wrong-Passw0rd!" }), "Incorrect username or password.");
        await IdpFlows.Refused("NotAuthorizedException",
            () => Select(client, session, "dan", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password }), InvalidSession);

        var again = (await UserAuth(client, "dan"))["Session"].Str();
        var signedIn = await Select(client, again, "dan", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password });

        SignedIn(signedIn);
        Assert.Equal("dan", TestJwt.Claims(signedIn["AuthenticationResult"]!["AccessToken"].Str())["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Choosing_PASSWORD_SRP_continues_with_PASSWORD_VERIFIER()
    {
        var client = await Pool();
        await User(client, "eli");
        var session = (await UserAuth(client, "eli"))["Session"].Str();
        var srp = new SrpClient();

        var verifier = await Select(client, session, "eli", "PASSWORD_SRP", new() { ["SRP_A"] = srp.SrpA });

        Assert.Equal("PASSWORD_VERIFIER", verifier["ChallengeName"].Str());
        var parameters = verifier["ChallengeParameters"]!;
        Assert.Equal("eli", parameters["USER_ID_FOR_SRP"].Str());
        Assert.All(new[] { "SALT", "SRP_B", "SECRET_BLOCK" }, name => Assert.NotEmpty(parameters[name].Str()));
        await IdpFlows.Refused("NotAuthorizedException",
            () => _mfa.Respond(client, "PASSWORD_VERIFIER", null, srp.Answer(client.PoolId, parameters, "Wrong-Passw0rd!", _mfa.Clock.GetUtcNow())),
            "Incorrect username or password.");

        var retry = new SrpClient();
        var second = await Select(client, (await UserAuth(client, "eli"))["Session"].Str(), "eli", "PASSWORD_SRP", new() { ["SRP_A"] = retry.SrpA });
        var signedIn = await _mfa.Respond(client, "PASSWORD_VERIFIER", null,
            retry.Answer(client.PoolId, second["ChallengeParameters"]!, IdpFlows.Password, _mfa.Clock.GetUtcNow()));
        SignedIn(signedIn);
    }

    [Fact]
    public async Task A_preferred_PASSWORD_or_PASSWORD_SRP_signs_in_in_one_step_and_continues_into_MFA()
    {
        var client = await Pool();
        await User(client, "fay", email: true, phone: true);

        SignedIn(await UserAuth(client, "fay", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password }));
        await IdpFlows.Refused("NotAuthorizedException",
            () => UserAuth(client, "fay", "PASSWORD", new() { ["PASSWORD"] = "Wrong-Passw0rd!" }), "Incorrect username or password.");
        await IdpFlows.Refused("InvalidParameterException", () => UserAuth(client, "fay", "PASSWORD"), "Missing required parameter PASSWORD");
        await IdpFlows.Refused("InvalidParameterException", () => UserAuth(client, "fay", "PASSWORD_SRP"), "Missing required parameter SRP_A");
        var srp = new SrpClient();
        var verifier = await UserAuth(client, "fay", "PASSWORD_SRP", new() { ["SRP_A"] = srp.SrpA });
        Assert.Equal("PASSWORD_VERIFIER", verifier["ChallengeName"].Str());
        SignedIn(await _mfa.Respond(client, "PASSWORD_VERIFIER", null,
            srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, IdpFlows.Password, _mfa.Clock.GetUtcNow())));

        // With SMS MFA turned on, a password is followed by the second factor, as with USER_PASSWORD_AUTH.
        await OptionalMfa(client, MfaFlows.Sms);
        await _mfa.AdminPreference(client, "fay", """{ "SMSMfaSettings": { "Enabled": true } }""");
        var mfa = await UserAuth(client, "fay", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password });
        Assert.Equal("SMS_MFA", mfa["ChallengeName"].Str());
        SignedIn(await _mfa.Respond(client, "SMS_MFA", mfa["Session"].Str(), new() { ["USERNAME"] = "fay", ["SMS_MFA_CODE"] = await LastCode(client, "fay") }));
    }

    [Fact]
    public async Task A_preferred_EMAIL_OTP_emails_a_code_that_signs_in_without_a_second_factor()
    {
        var client = await Pool(clientSettings: """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH"] }""");
        await OptionalMfa(client, """{ "SoftwareTokenMfaConfiguration": { "Enabled": true }, "EmailMfaConfiguration": { "Message": "Sign in with {####}", "Subject": "Your sign-in code" } }""");
        await User(client, "gus");
        await _mfa.AuthenticatorApp(client, "gus");
        await _mfa.AdminPreference(client, "gus", """{ "SoftwareTokenMfaSettings": { "Enabled": true, "PreferredMfa": true } }""");
        Assert.Equal("SOFTWARE_TOKEN_MFA", (await UserAuth(client, "gus", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password }))["ChallengeName"].Str());

        var challenge = await UserAuth(client, "gus", "EMAIL_OTP");

        Assert.Equal("EMAIL_OTP", challenge["ChallengeName"].Str());
        Assert.Equal("EMAIL", challenge["ChallengeParameters"]!["CODE_DELIVERY_DELIVERY_MEDIUM"].Str());
        Assert.Equal("g***@e***", challenge["ChallengeParameters"]!["CODE_DELIVERY_DESTINATION"].Str());
        var message = await _mfa.LastMessage(client, "gus");
        Assert.Equal(("EMAIL", "gus@example.com", "Authentication"), (message["medium"].Str(), message["destination"].Str(), message["kind"].Str()));
        var code = message["code"].Str();
        Assert.Equal($"Sign in with {code}", message["body"].Str());
        var session = challenge["Session"].Str();
        Task<JsonNode> Answer(string given) => _mfa.Respond(client, "EMAIL_OTP", session, new() { ["USERNAME"] = "gus", ["EMAIL_OTP_CODE"] = given });
        await IdpFlows.Refused("CodeMismatchException", () => Answer(MfaFlows.Other(code)));

        var signedIn = await Answer(code);

        // A code to a verified address is a whole sign-in: no SOFTWARE_TOKEN_MFA follows.
        SignedIn(signedIn);
        await IdpFlows.Refused("NotAuthorizedException", () => Answer(code), InvalidSession);
    }

    [Fact]
    public async Task SMS_OTP_chosen_through_the_admin_flow_texts_a_code()
    {
        var client = await Pool();
        await User(client, "hal", email: false, phone: true);
        Task<JsonNode> AdminRespond(string challenge, string? session, Dictionary<string, string> responses) => Idp.Aws.Idp("AdminRespondToAuthChallenge",
            new { UserPoolId = client.PoolId, ClientId = client.Id, ChallengeName = challenge, Session = session, ChallengeResponses = responses });

        var select = await Idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = client.PoolId, ClientId = client.Id, AuthFlow = "USER_AUTH", AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "hal" },
        });
        Assert.Equal(["PASSWORD", "PASSWORD_SRP", "SMS_OTP"], select["AvailableChallenges"].Strings());
        var challenge = await AdminRespond("SELECT_CHALLENGE", select["Session"].Str(), new() { ["USERNAME"] = "hal", ["ANSWER"] = "SMS_OTP" });

        Assert.Equal("SMS_OTP", challenge["ChallengeName"].Str());
        Assert.Equal("SMS", challenge["ChallengeParameters"]!["CODE_DELIVERY_DELIVERY_MEDIUM"].Str());
        Assert.Equal("+*******0123", challenge["ChallengeParameters"]!["CODE_DELIVERY_DESTINATION"].Str());
        var message = await _mfa.LastMessage(client, "hal");
        Assert.Equal(("SMS", MfaFlows.Phone), (message["medium"].Str(), message["destination"].Str()));
        await IdpFlows.Refused("InvalidParameterException",
            () => AdminRespond("SMS_OTP", challenge["Session"].Str(), new() { ["USERNAME"] = "hal" }), "Missing required parameter SMS_OTP_CODE");
        SignedIn(await AdminRespond("SMS_OTP", challenge["Session"].Str(), new() { ["USERNAME"] = "hal", ["SMS_OTP_CODE"] = message["code"].Str() }));
    }

    [Fact]
    public async Task A_sign_in_code_is_refused_when_its_session_expired_or_its_attempts_are_spent()
    {
        var client = await Pool();
        await User(client, "ivy");
        var expiring = (await UserAuth(client, "ivy", "EMAIL_OTP"))["Session"].Str();
        var expiringCode = await LastCode(client, "ivy");
        var guessed = (await UserAuth(client, "ivy", "EMAIL_OTP"))["Session"].Str();
        var guessedCode = await LastCode(client, "ivy");
        Task<JsonNode> Answer(string session, string code) => _mfa.Respond(client, "EMAIL_OTP", session, new() { ["USERNAME"] = "ivy", ["EMAIL_OTP_CODE"] = code });

        for (var attempt = 0; attempt < 5; attempt++)
            await IdpFlows.Refused("CodeMismatchException", () => Answer(guessed, MfaFlows.Other(guessedCode)));
        await IdpFlows.Refused("NotAuthorizedException", () => Answer(guessed, guessedCode), InvalidSession);
        // Each code belongs to its own sign-in.
        await IdpFlows.Refused("CodeMismatchException", () => Answer(expiring, guessedCode == expiringCode ? MfaFlows.Other(expiringCode) : guessedCode));
        _mfa.Clock.Advance(TimeSpan.FromMinutes(3));

        await IdpFlows.Refused("NotAuthorizedException", () => Answer(expiring, expiringCode), "Invalid session for the user, session is expired.");
    }

    [Fact]
    public async Task A_choice_that_is_not_available_to_the_user_is_refused_and_the_session_stays_usable()
    {
        var client = await Pool("""["PASSWORD", "EMAIL_OTP"]""");
        await User(client, "jo", email: true, phone: true);
        var select = await UserAuth(client, "jo");
        Assert.Equal(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"], select["AvailableChallenges"].Strings());
        var session = select["Session"].Str();

        foreach (var choice in new[] { "SMS_OTP", "WEB_AUTHN", "SOFTWARE_TOKEN_MFA" })
            await IdpFlows.Refused("InvalidParameterException", () => Select(client, session, "jo", choice), $"{choice} is not one of the challenges available to the user.");
        await IdpFlows.Refused("InvalidParameterException", () => Select(client, session, "jo", "PASSWORD_SRP", new() { ["SRP_A"] = "not hex" }),
            "SRP_A must be a hexadecimal number.");
        await IdpFlows.Refused("InvalidParameterException", () => _mfa.Respond(client, "SELECT_CHALLENGE", session, new() { ["USERNAME"] = "jo" }),
            "Missing required parameter ANSWER");
        Assert.DoesNotContain(await Idp.Messages(client.PoolId, "jo"), m => m!["kind"].Str() == "Authentication");

        var challenge = await Select(client, session, "jo", "EMAIL_OTP");

        Assert.Equal("EMAIL_OTP", challenge["ChallengeName"].Str());
        SignedIn(await _mfa.Respond(client, "EMAIL_OTP", challenge["Session"].Str(), new() { ["USERNAME"] = "jo", ["EMAIL_OTP_CODE"] = await LastCode(client, "jo") }));
        await IdpFlows.Refused("NotAuthorizedException", () => Select(client, session, "jo", "EMAIL_OTP"), InvalidSession);
    }

    [Fact]
    public async Task USER_AUTH_needs_ALLOW_USER_AUTH_on_the_app_client_and_a_known_preference()
    {
        var client = await Pool(clientSettings: """{ "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""");
        await User(client, "kim");

        await IdpFlows.Refused("InvalidParameterException", () => UserAuth(client, "kim"), "USER_AUTH flow not enabled for this client");
        await IdpFlows.Refused("InvalidParameterException", () => Idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = client.PoolId, ClientId = client.Id, AuthFlow = "USER_AUTH", AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "kim" },
        }), "USER_AUTH flow not enabled for this client");
        var choice = await Idp.CreateClient(client.PoolId, ChoiceFlows);
        await IdpFlows.Refused("InvalidParameterException", () => UserAuth(choice, "kim", "SOFTWARE_TOKEN_MFA"),
            "PREFERRED_CHALLENGE must be one of PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN.");
        await IdpFlows.Refused("InvalidParameterException", () => Idp.InitiateAuth(choice, "USER_AUTH", []), "Missing required parameter USERNAME");
        // The password flows stay closed on a client that allows only USER_AUTH.
        await IdpFlows.Refused("InvalidParameterException", () => Idp.PasswordAuth(choice, "kim"), "USER_PASSWORD_AUTH flow not enabled for this client");
    }

    [Fact]
    public async Task A_wrong_session_is_refused()
    {
        var client = await Pool();
        await User(client, "lea");
        await User(client, "max");
        var other = await Idp.CreateClient(client.PoolId, ChoiceFlows);
        var session = (await UserAuth(client, "lea"))["Session"].Str();

        await IdpFlows.Refused("NotAuthorizedException", () => Select(client, new string('A', 40), "lea", "EMAIL_OTP"), InvalidSession);
        await IdpFlows.Refused("InvalidParameterException", () => Select(client, null, "lea", "EMAIL_OTP"), "Missing required parameter Session");
        await IdpFlows.Refused("NotAuthorizedException", () => Select(client, session, "max", "EMAIL_OTP"), InvalidSession);
        await IdpFlows.Refused("NotAuthorizedException", () => Select(other, session, "lea", "EMAIL_OTP"), InvalidSession);
        await IdpFlows.Refused("NotAuthorizedException",
            () => _mfa.Respond(client, "EMAIL_OTP", session, new() { ["USERNAME"] = "lea", ["EMAIL_OTP_CODE"] = "123456" }), InvalidSession);
        // A code challenge's session is no SELECT_CHALLENGE session either.
        var codeSession = (await UserAuth(client, "lea", "EMAIL_OTP"))["Session"].Str();
        await IdpFlows.Refused("NotAuthorizedException", () => Select(client, codeSession, "lea", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password }), InvalidSession);

        Assert.Equal("EMAIL_OTP", (await Select(client, session, "lea", "EMAIL_OTP"))["ChallengeName"].Str());
    }

    [Fact]
    public async Task Unknown_users_get_answers_shaped_like_a_real_users_unless_the_client_is_LEGACY()
    {
        var client = await Pool();
        var legacy = await Idp.CreateClient(client.PoolId, """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH"], "PreventUserExistenceErrors": "LEGACY" }""");

        // The choice of an email address includes a code to it (Auth/UserExistenceTests has the rest of what unknown users see).
        var select = await UserAuth(client, "nobody@example.com");
        Assert.Equal("SELECT_CHALLENGE", select["ChallengeName"].Str());
        Assert.Equal(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"], select["AvailableChallenges"].Strings().Take(3));
        var code = await Select(client, select["Session"].Str(), "nobody@example.com", "EMAIL_OTP");
        Assert.Equal("EMAIL_OTP", code["ChallengeName"].Str());
        Assert.Equal("n***@e***", code["ChallengeParameters"]!["CODE_DELIVERY_DESTINATION"].Str());
        await IdpFlows.Refused("CodeMismatchException",
            () => _mfa.Respond(client, "EMAIL_OTP", code["Session"].Str(), new() { ["USERNAME"] = "nobody@example.com", ["EMAIL_OTP_CODE"] = "123456" }),
            "Invalid code or auth state for the user.");
        Assert.Equal("EMAIL_OTP", (await UserAuth(client, "nobody@example.com", "EMAIL_OTP"))["ChallengeName"].Str());
        await IdpFlows.Refused("NotAuthorizedException",
            () => UserAuth(client, "nobody", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password }), "Incorrect username or password.");

        await IdpFlows.Refused("UserNotFoundException", () => UserAuth(legacy, "nobody"), "User does not exist.");
        await IdpFlows.Refused("UserNotFoundException", () => UserAuth(legacy, "nobody", "EMAIL_OTP"), "User does not exist.");
    }

    [Fact]
    public async Task A_client_with_a_secret_needs_SECRET_HASH_at_every_step()
    {
        var client = await Pool(clientSettings: """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH"], "GenerateSecret": true }""");
        await User(client, "ned");
        var hash = IdpFlows.SecretHash(client.Secret!, "ned", client.Id);

        await IdpFlows.Refused("NotAuthorizedException", () => UserAuth(client, "ned"),
            $"Client {client.Id} is configured with secret but SECRET_HASH was not received");
        var session = (await UserAuth(client, "ned", more: new() { ["SECRET_HASH"] = hash }))["Session"].Str();
        await IdpFlows.Refused("NotAuthorizedException", () => Select(client, session, "ned", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password }),
            $"Client {client.Id} is configured with secret but SECRET_HASH was not received");

        SignedIn(await Select(client, session, "ned", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password, ["SECRET_HASH"] = hash }));
    }

    [Fact]
    public async Task A_user_who_must_change_the_password_does_so_after_any_first_factor_and_a_code_is_not_followed_by_MFA()
    {
        var client = await Pool();
        await OptionalMfa(client, MfaFlows.Sms);
        foreach (var name in new[] { "olga", "pia" })
        {
            await Idp.AdminCreateUser(client.PoolId, name, IdpFlows.Password, "SUPPRESS", null,
                ("email", name + "@example.com"), ("email_verified", "true"), ("phone_number", MfaFlows.Phone));
            await _mfa.AdminPreference(client, name, """{ "SMSMfaSettings": { "Enabled": true } }""");
        }

        // After a password: NEW_PASSWORD_REQUIRED, then the second factor.
        var byPassword = await UserAuth(client, "olga", "PASSWORD", new() { ["PASSWORD"] = IdpFlows.Password });
        Assert.Equal("NEW_PASSWORD_REQUIRED", byPassword["ChallengeName"].Str());
        Assert.Equal("SMS_MFA", (await Idp.RespondNewPassword(client, byPassword["Session"].Str(), "olga"))["ChallengeName"].Str());

        // After an emailed code: NEW_PASSWORD_REQUIRED, then tokens.
        var byCode = await UserAuth(client, "pia", "EMAIL_OTP");
        var newPassword = await _mfa.Respond(client, "EMAIL_OTP", byCode["Session"].Str(), new() { ["USERNAME"] = "pia", ["EMAIL_OTP_CODE"] = await LastCode(client, "pia") });
        Assert.Equal("NEW_PASSWORD_REQUIRED", newPassword["ChallengeName"].Str());
        SignedIn(await Idp.RespondNewPassword(client, newPassword["Session"].Str(), "pia"));
        Assert.Equal("CONFIRMED", await Idp.Status(client.PoolId, "pia"));
    }
}
