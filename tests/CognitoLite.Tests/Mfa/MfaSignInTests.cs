using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Mfa;

public sealed class MfaSignInOnPostgres(ManualClockHost<OnPostgres> fixture) : MfaSignInTests(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class MfaSignInOnSqlite(ManualClockHost<OnSqlite> fixture) : MfaSignInTests(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>Sign-in with a second factor: TOTP, SMS and email codes, MFA_SETUP, SELECT_MFA_TYPE and the challenge sessions,
/// on both stores. The host's clock is a ManualClock, so TOTP codes and session expiry are exact.</summary>
public abstract class MfaSignInTests(ManualClockHost fixture)
{
    private const string InvalidSession = "Invalid session for the user.";

    private readonly MfaFlows _mfa = new(fixture);

    private IdpFlows Idp => _mfa.Idp;

    [Fact]
    public async Task An_OFF_pool_never_challenges()
    {
        var client = await Idp.CreatePoolAndClient();
        await _mfa.User(client, "olivia");
        await _mfa.AdminPreference(client, "olivia", """{ "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true } }""");

        var response = await Idp.PasswordAuth(client, "olivia");

        Assert.Null(response["ChallengeName"]);
        Assert.NotNull(response["AuthenticationResult"]!["AccessToken"]);
        Assert.DoesNotContain(await Idp.Messages(client.PoolId, "olivia"), m => m!["kind"].Str() == "Authentication");
    }

    [Fact]
    public async Task An_OPTIONAL_pool_challenges_only_users_who_turned_MFA_on()
    {
        var client = await _mfa.Pool(MfaFlows.Sms);
        await _mfa.User(client, "paul");
        await _mfa.User(client, "quinn");
        await _mfa.AdminPreference(client, "quinn", """{ "SMSMfaSettings": { "Enabled": true } }""");

        Assert.NotNull((await Idp.PasswordAuth(client, "paul"))["AuthenticationResult"]);
        Assert.Equal("SMS_MFA", (await Idp.PasswordAuth(client, "quinn"))["ChallengeName"].Str());
    }

    [Fact]
    public async Task An_authenticator_app_is_associated_verified_enabled_and_asked_for()
    {
        var client = await _mfa.Pool(MfaFlows.Totp);
        await _mfa.User(client, "tina");
        var accessToken = (await Idp.SignIn(client, "tina"))["AccessToken"].Str();
        Task EnableTotp() => Idp.Aws.Idp("SetUserMFAPreference", new { AccessToken = accessToken, SoftwareTokenMfaSettings = new { Enabled = true, PreferredMfa = true } });

        await IdpFlows.Refused("InvalidParameterException", EnableTotp, "User has not set up software token mfa");
        var associated = await Idp.Aws.Idp("AssociateSoftwareToken", new { AccessToken = accessToken });
        var secret = associated["SecretCode"].Str();
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Null(associated["Session"]);
        await IdpFlows.Refused("InvalidParameterException", EnableTotp, "User has not verified software token mfa");
        await IdpFlows.Refused("EnableSoftwareTokenMFAException",
            () => Idp.Aws.Idp("VerifySoftwareToken", new { AccessToken = accessToken, UserCode = _mfa.WrongCode(secret) }));
        var verified = await Idp.Aws.Idp("VerifySoftwareToken", new { AccessToken = accessToken, UserCode = _mfa.Code(secret), FriendlyDeviceName = "phone app" });
        Assert.Equal("SUCCESS", verified["Status"].Str());
        Assert.Null(verified["Session"]);
        // Verified is not enabled: until the preference says so, the password alone signs in.
        Assert.NotNull((await Idp.PasswordAuth(client, "tina"))["AuthenticationResult"]);
        await EnableTotp();

        var challenge = await Idp.PasswordAuth(client, "tina");

        Assert.Equal("SOFTWARE_TOKEN_MFA", challenge["ChallengeName"].Str());
        Assert.Equal("phone app", challenge["ChallengeParameters"]!["FRIENDLY_DEVICE_NAME"].Str());
        var session = challenge["Session"].Str();
        await IdpFlows.Refused("CodeMismatchException",
            () => _mfa.Respond(client, "SOFTWARE_TOKEN_MFA", session, new() { ["USERNAME"] = "tina", ["SOFTWARE_TOKEN_MFA_CODE"] = _mfa.WrongCode(secret) }));
        // The code that verified the app has been used once already.
        await IdpFlows.Refused("CodeMismatchException",
            () => _mfa.Respond(client, "SOFTWARE_TOKEN_MFA", session, new() { ["USERNAME"] = "tina", ["SOFTWARE_TOKEN_MFA_CODE"] = _mfa.Code(secret) }));
        _mfa.Clock.Advance(TimeSpan.FromSeconds(30));
        var signedIn = await _mfa.Respond(client, "SOFTWARE_TOKEN_MFA", session, new() { ["USERNAME"] = "tina", ["SOFTWARE_TOKEN_MFA_CODE"] = _mfa.Code(secret) });
        Assert.Null(signedIn["ChallengeName"]);
        Assert.NotNull(signedIn["AuthenticationResult"]!["AccessToken"]);
        await IdpFlows.Refused("NotAuthorizedException",
            () => _mfa.Respond(client, "SOFTWARE_TOKEN_MFA", session, new() { ["USERNAME"] = "tina", ["SOFTWARE_TOKEN_MFA_CODE"] = _mfa.Code(secret, 1) }), InvalidSession);
    }

    [Fact]
    public async Task A_TOTP_code_signs_in_once_even_when_sent_twice_at_the_same_time()
    {
        var client = await _mfa.Pool(MfaFlows.Totp);
        await _mfa.User(client, "uma");
        var secret = await _mfa.AuthenticatorApp(client, "uma");
        await _mfa.AdminPreference(client, "uma", """{ "SoftwareTokenMfaSettings": { "Enabled": true } }""");
        var sessions = new[] { await Idp.PasswordAuth(client, "uma"), await Idp.PasswordAuth(client, "uma") }.Select(c => c["Session"].Str()).ToList();
        var code = _mfa.Code(secret);
        async Task<string> Outcome(string session)
        {
            try
            {
                await _mfa.Respond(client, "SOFTWARE_TOKEN_MFA", session, new() { ["USERNAME"] = "uma", ["SOFTWARE_TOKEN_MFA_CODE"] = code });
                return "signed in";
            }
            catch (AwsErrorException error)
            {
                return error.Type;
            }
        }

        var outcomes = await Task.WhenAll(sessions.Select(Outcome));

        Assert.Equal(["CodeMismatchException", "signed in"], outcomes.Order());
        var next = (await Idp.PasswordAuth(client, "uma"))["Session"].Str();
        // An older code of the window is refused too, once a later one was used.
        await IdpFlows.Refused("CodeMismatchException",
            () => _mfa.Respond(client, "SOFTWARE_TOKEN_MFA", next, new() { ["USERNAME"] = "uma", ["SOFTWARE_TOKEN_MFA_CODE"] = _mfa.Code(secret, -1) }));
        // amazon-cognito-identity-js's sendMFACode shape: SMS_MFA_CODE and SOFTWARE_TOKEN_MFA_CODE.
        _mfa.Clock.Advance(TimeSpan.FromSeconds(30));
        var later = _mfa.Code(secret);
        var signedIn = await _mfa.Respond(client, "SOFTWARE_TOKEN_MFA", next, new() { ["USERNAME"] = "uma", ["SMS_MFA_CODE"] = later, ["SOFTWARE_TOKEN_MFA_CODE"] = later });
        Assert.NotNull(signedIn["AuthenticationResult"]);
    }

    [Fact]
    public async Task SMS_MFA_texts_a_code_and_a_wrong_code_leaves_the_session_usable()
    {
        var client = await _mfa.Pool(MfaFlows.Sms);
        await _mfa.User(client, "sam");
        await _mfa.AdminPreference(client, "sam", """{ "SMSMfaSettings": { "Enabled": true } }""");

        var challenge = await Idp.PasswordAuth(client, "sam");

        Assert.Equal("SMS_MFA", challenge["ChallengeName"].Str());
        Assert.Equal("SMS", challenge["ChallengeParameters"]!["CODE_DELIVERY_DELIVERY_MEDIUM"].Str());
        Assert.Equal("+*******0123", challenge["ChallengeParameters"]!["CODE_DELIVERY_DESTINATION"].Str());
        var message = await _mfa.LastMessage(client, "sam");
        Assert.Equal("SMS", message["medium"].Str());
        Assert.Equal(MfaFlows.Phone, message["destination"].Str());
        var code = message["code"].Str();
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal($"Your sign-in code is {code}", message["body"].Str());
        var session = challenge["Session"].Str();
        await IdpFlows.Refused("CodeMismatchException",
            () => _mfa.Respond(client, "SMS_MFA", session, new() { ["USERNAME"] = "sam", ["SMS_MFA_CODE"] = MfaFlows.Other(code) }));
        var signedIn = await _mfa.Respond(client, "SMS_MFA", session, new() { ["USERNAME"] = "sam", ["SMS_MFA_CODE"] = code });
        Assert.NotNull(signedIn["AuthenticationResult"]!["IdToken"]);
        await IdpFlows.Refused("NotAuthorizedException",
            () => _mfa.Respond(client, "SMS_MFA", session, new() { ["USERNAME"] = "sam", ["SMS_MFA_CODE"] = code }), InvalidSession);
    }

    [Fact]
    public async Task EMAIL_OTP_signs_in_through_the_admin_flow_with_the_emailed_code()
    {
        var client = await _mfa.Pool(MfaFlows.Email);
        await _mfa.User(client, "emma", phone: false);
        await _mfa.AdminPreference(client, "emma", """{ "EmailMfaSettings": { "Enabled": true } }""");

        var challenge = await Idp.Aws.Idp("AdminInitiateAuth", new
        {
            UserPoolId = client.PoolId, ClientId = client.Id, AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "emma", ["PASSWORD"] = IdpFlows.Password },
        });

        Assert.Equal("EMAIL_OTP", challenge["ChallengeName"].Str());
        Assert.Equal("EMAIL", challenge["ChallengeParameters"]!["CODE_DELIVERY_DELIVERY_MEDIUM"].Str());
        Assert.Equal("e***@e***", challenge["ChallengeParameters"]!["CODE_DELIVERY_DESTINATION"].Str());
        var message = await _mfa.LastMessage(client, "emma");
        Assert.Equal("EMAIL", message["medium"].Str());
        Assert.Equal("Your sign-in code", message["subject"].Str());
        var code = message["code"].Str();
        Assert.Equal($"Sign in with {code}", message["body"].Str());
        // amazon-cognito-identity-js sends SMS_MFA_CODE whatever the challenge.
        var signedIn = await Idp.Aws.Idp("AdminRespondToAuthChallenge", new
        {
            UserPoolId = client.PoolId, ClientId = client.Id, ChallengeName = "EMAIL_OTP", Session = challenge["Session"].Str(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "emma", ["SMS_MFA_CODE"] = code },
        });
        Assert.NotNull(signedIn["AuthenticationResult"]!["AccessToken"]);
    }

    [Fact]
    public async Task A_code_challenge_is_refused_once_its_attempts_are_spent()
    {
        var client = await _mfa.Pool(MfaFlows.Email);
        await _mfa.User(client, "erin", phone: false);
        await _mfa.AdminPreference(client, "erin", """{ "EmailMfaSettings": { "Enabled": true } }""");
        var session = (await Idp.PasswordAuth(client, "erin"))["Session"].Str();
        var code = (await _mfa.LastMessage(client, "erin"))["code"].Str();
        Task Answer(string given) => _mfa.Respond(client, "EMAIL_OTP", session, new() { ["USERNAME"] = "erin", ["EMAIL_OTP_CODE"] = given });

        for (var attempt = 0; attempt < 5; attempt++) await IdpFlows.Refused("CodeMismatchException", () => Answer(MfaFlows.Other(code)));

        await IdpFlows.Refused("NotAuthorizedException", () => Answer(code), InvalidSession);
    }

    [Fact]
    public async Task A_challenge_session_expires_after_the_clients_AuthSessionValidity()
    {
        var client = await _mfa.Pool(MfaFlows.Sms);
        await _mfa.User(client, "eve");
        await _mfa.AdminPreference(client, "eve", """{ "SMSMfaSettings": { "Enabled": true } }""");
        var session = (await Idp.PasswordAuth(client, "eve"))["Session"].Str();
        var code = (await _mfa.LastMessage(client, "eve"))["code"].Str();
        Task Answer(string given) => _mfa.Respond(client, "SMS_MFA", given, new() { ["USERNAME"] = "eve", ["SMS_MFA_CODE"] = code });

        await IdpFlows.Refused("NotAuthorizedException", () => Answer(new string('A', 40)), InvalidSession);
        _mfa.Clock.Advance(TimeSpan.FromMinutes(3));

        await IdpFlows.Refused("NotAuthorizedException", () => Answer(session), "Invalid session for the user, session is expired.");
    }

    [Fact]
    public async Task A_pool_that_requires_MFA_makes_a_user_without_a_factor_set_up_an_authenticator_app()
    {
        var client = await _mfa.Pool(MfaFlows.Totp, mode: "ON");
        await _mfa.User(client, "mia");

        var challenge = await Idp.PasswordAuth(client, "mia");

        Assert.Equal("MFA_SETUP", challenge["ChallengeName"].Str());
        Assert.Equal("""["SOFTWARE_TOKEN_MFA"]""", challenge["ChallengeParameters"]!["MFAS_CAN_SETUP"].Str());
        var first = challenge["Session"].Str();
        // Without a verified app the setup cannot be completed.
        await IdpFlows.Refused("NotAuthorizedException", () => _mfa.Respond(client, "MFA_SETUP", first, new() { ["USERNAME"] = "mia" }), InvalidSession);
        var associated = await Idp.Aws.Idp("AssociateSoftwareToken", new { Session = first });
        var secret = associated["SecretCode"].Str();
        var second = associated["Session"].Str();
        await IdpFlows.Refused("NotAuthorizedException", () => Idp.Aws.Idp("AssociateSoftwareToken", new { Session = first }), InvalidSession);
        await IdpFlows.Refused("EnableSoftwareTokenMFAException", () => Idp.Aws.Idp("VerifySoftwareToken", new { Session = second, UserCode = _mfa.WrongCode(secret) }));
        var verified = await Idp.Aws.Idp("VerifySoftwareToken", new { Session = second, UserCode = _mfa.Code(secret) });
        Assert.Equal("SUCCESS", verified["Status"].Str());
        var signedIn = await _mfa.Respond(client, "MFA_SETUP", verified["Session"].Str(), new() { ["USERNAME"] = "mia" });

        Assert.NotNull(signedIn["AuthenticationResult"]!["AccessToken"]);
        var user = await Idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "mia" });
        Assert.Equal(["SOFTWARE_TOKEN_MFA"], user["UserMFASettingList"].Strings());
        Assert.Equal("SOFTWARE_TOKEN_MFA", (await Idp.PasswordAuth(client, "mia"))["ChallengeName"].Str());
    }

    [Fact]
    public async Task A_pool_that_requires_SMS_MFA_texts_a_user_with_a_phone_who_chose_nothing()
    {
        var client = await _mfa.Pool(MfaFlows.Sms, mode: "ON");
        await _mfa.User(client, "ron");

        Assert.Equal("SMS_MFA", (await Idp.PasswordAuth(client, "ron"))["ChallengeName"].Str());
    }

    [Fact]
    public async Task Several_factors_and_no_preference_make_the_user_choose()
    {
        var client = await _mfa.Pool(MfaFlows.All);
        await _mfa.User(client, "sel");
        var secret = await _mfa.AuthenticatorApp(client, "sel");
        await _mfa.AdminPreference(client, "sel", """{ "SMSMfaSettings": { "Enabled": true }, "SoftwareTokenMfaSettings": { "Enabled": true } }""");

        var challenge = await Idp.PasswordAuth(client, "sel");

        Assert.Equal("SELECT_MFA_TYPE", challenge["ChallengeName"].Str());
        Assert.Equal("""["SMS_MFA","SOFTWARE_TOKEN_MFA"]""", challenge["ChallengeParameters"]!["MFAS_CAN_CHOOSE"].Str());
        var session = challenge["Session"].Str();
        await IdpFlows.Refused("MFAMethodNotFoundException",
            () => _mfa.Respond(client, "SELECT_MFA_TYPE", session, new() { ["USERNAME"] = "sel", ["ANSWER"] = "EMAIL_OTP" }));
        var chosen = await _mfa.Respond(client, "SELECT_MFA_TYPE", session, new() { ["USERNAME"] = "sel", ["ANSWER"] = "SOFTWARE_TOKEN_MFA" });
        Assert.Equal("SOFTWARE_TOKEN_MFA", chosen["ChallengeName"].Str());
        var signedIn = await _mfa.Respond(client, "SOFTWARE_TOKEN_MFA", chosen["Session"].Str(),
            new() { ["USERNAME"] = "sel", ["SOFTWARE_TOKEN_MFA_CODE"] = _mfa.Code(secret) });
        Assert.NotNull(signedIn["AuthenticationResult"]);

        // With a preference there is nothing to choose.
        await _mfa.AdminPreference(client, "sel", """{ "SMSMfaSettings": { "PreferredMfa": true } }""");
        Assert.Equal("SMS_MFA", (await Idp.PasswordAuth(client, "sel"))["ChallengeName"].Str());
    }

    [Fact]
    public async Task Preferences_are_checked_and_shown_by_GetUser_and_AdminGetUser()
    {
        var client = await _mfa.Pool(MfaFlows.All);
        await _mfa.User(client, "pat", phone: false);
        await Idp.ConfirmedUser(client, "nomail");
        var accessToken = (await Idp.SignIn(client, "pat"))["AccessToken"].Str();
        Task Prefer(string settingsJson) => _mfa.Preference(accessToken, settingsJson);
        Task<JsonNode> AdminGetUser() => Idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "pat" });

        var user = await Idp.GetUser(accessToken);
        Assert.Null(user["UserMFASettingList"]);
        Assert.Null(user["PreferredMfaSetting"]);
        await IdpFlows.Refused("InvalidParameterException", () => Prefer("""{ "SMSMfaSettings": { "Enabled": true } }"""), "User does not have delivery config set to turn on SMS_MFA");
        await IdpFlows.Refused("InvalidParameterException", () => _mfa.AdminPreference(client, "nomail", """{ "EmailMfaSettings": { "Enabled": true } }"""),
            "User does not have delivery config set to turn on EMAIL_OTP");
        await IdpFlows.Refused("InvalidParameterException", () => Prefer("""{ "SoftwareTokenMfaSettings": { "Enabled": true } }"""), "User has not set up software token mfa");

        await Prefer("""{ "EmailMfaSettings": { "Enabled": true, "PreferredMfa": true } }""");
        user = await Idp.GetUser(accessToken);
        Assert.Equal(["EMAIL_OTP"], user["UserMFASettingList"].Strings());
        Assert.Equal("EMAIL_OTP", user["PreferredMfaSetting"].Str());

        await Idp.Aws.Idp("AdminUpdateUserAttributes", new { UserPoolId = client.PoolId, Username = "pat", UserAttributes = new[] { new { Name = "phone_number", Value = MfaFlows.Phone } } });
        await _mfa.AdminPreference(client, "pat", """{ "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true } }""");
        var admin = await AdminGetUser();
        Assert.Equal(["SMS_MFA", "EMAIL_OTP"], admin["UserMFASettingList"].Strings());
        Assert.Equal("SMS_MFA", admin["PreferredMfaSetting"].Str());

        await _mfa.AdminPreference(client, "pat", """{ "SMSMfaSettings": { "Enabled": false }, "EmailMfaSettings": { "Enabled": false } }""");
        admin = await AdminGetUser();
        Assert.Null(admin["UserMFASettingList"]);
        Assert.Null(admin["PreferredMfaSetting"]);
    }

    [Fact]
    public async Task USER_SRP_AUTH_continues_with_the_MFA_challenge()
    {
        var client = await _mfa.Pool(MfaFlows.Sms);
        await _mfa.User(client, "sue");
        await _mfa.AdminPreference(client, "sue", """{ "SMSMfaSettings": { "Enabled": true } }""");

        var challenge = await SrpSignIn(client, "sue");

        Assert.Equal("SMS_MFA", challenge["ChallengeName"].Str());
        var code = (await _mfa.LastMessage(client, "sue"))["code"].Str();
        var signedIn = await _mfa.Respond(client, "SMS_MFA", challenge["Session"].Str(), new() { ["USERNAME"] = "sue", ["SMS_MFA_CODE"] = code });
        Assert.NotNull(signedIn["AuthenticationResult"]!["AccessToken"]);
    }

    /// <summary>USER_SRP_AUTH and PASSWORD_VERIFIER with the client's side of the math (as amazon-cognito-identity-js does it).</summary>
    private async Task<JsonNode> SrpSignIn(TestClient client, string username)
    {
        var srp = new SrpClient();
        var parameters = (await Idp.InitiateAuth(client, "USER_SRP_AUTH", new() { ["USERNAME"] = username, ["SRP_A"] = srp.SrpA }))["ChallengeParameters"]!;
        return await _mfa.Respond(client, "PASSWORD_VERIFIER", null, srp.Answer(client.PoolId, parameters, IdpFlows.Password, _mfa.Clock.GetUtcNow()));
    }
}
