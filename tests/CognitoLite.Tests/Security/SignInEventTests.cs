using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Triggers;

namespace CognitoLite.Tests.Security;

public sealed class SignInEventsOnPostgres(SecurityHost<OnPostgres> fixture) : SignInEventTests(fixture), IClassFixture<SecurityHost<OnPostgres>>;

public sealed class SignInEventsOnSqlite(SecurityHost<OnSqlite> fixture) : SignInEventTests(fixture), IClassFixture<SecurityHost<OnSqlite>>;

/// <summary>
/// Threat protection over a whole sign-in, through the real host on both stores: the tokens' event_id against the recorded
/// event and across refreshes, sign-ins by a one-time code and by CUSTOM_AUTH recorded and judged, the second factor a risk
/// asks for kept through NEW_PASSWORD_REQUIRED, and a breached password that sends its user to a reset.
/// </summary>
public abstract class SignInEventTests(TriggerHost fixture)
{
    private const string RequestBlocked = "Request not allowed due to security reasons.";
    private const string SignInBlocked = "Unable to login because of security reasons.";
    private const string Home = "198.51.100.1";
    private const string Elsewhere = "192.0.2.9";
    private const string Blocked = "203.0.113.7";
    private const string Uuid = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    private readonly SecurityFlows _flows = new(fixture.Host);
    private readonly LambdaStandIn _lambda = fixture.Lambda;

    private IdpFlows Idp => _flows.Idp;

    [Fact]
    public async Task The_tokens_event_id_is_the_sign_ins_event_and_every_refresh_keeps_it()
    {
        var client = await _flows.Pool("AUDIT");
        await Idp.ConfirmedUser(client, "ola");

        var first = (await _flows.AdminSignIn(client, "ola", Home))["AuthenticationResult"]!;
        var second = (await _flows.AdminSignIn(client, "ola", Home))["AuthenticationResult"]!;

        var events = await _flows.Events(client, "ola");
        Assert.Equal(events[1]!["EventId"].Str(), SecurityFlows.EventId(first));
        Assert.Equal(events[0]!["EventId"].Str(), SecurityFlows.EventId(second));
        var refreshed = (await Idp.Refresh(client, first["RefreshToken"].Str()))["AuthenticationResult"]!;
        Assert.Equal(SecurityFlows.EventId(first), SecurityFlows.EventId(refreshed));
        var fromGetTokens = (await Idp.Aws.Idp("GetTokensFromRefreshToken", new { ClientId = client.Id, RefreshToken = first["RefreshToken"].Str() }))["AuthenticationResult"]!;
        Assert.Equal(SecurityFlows.EventId(first), SecurityFlows.EventId(fromGetTokens));
        // A refresh is no sign-in: nothing more is recorded.
        Assert.Equal(3, (await _flows.Events(client, "ola")).Count);
    }

    [Fact]
    public async Task Without_threat_protection_each_sign_in_has_an_event_id_of_its_own_that_refreshes_keep()
    {
        var client = await _flows.Pool("OFF");
        await Idp.ConfirmedUser(client, "pat");

        var first = await Idp.SignIn(client, "pat");
        var second = await Idp.SignIn(client, "pat");

        Assert.Matches(Uuid, SecurityFlows.EventId(first));
        Assert.NotEqual(SecurityFlows.EventId(first), SecurityFlows.EventId(second));
        var refreshed = (await Idp.Refresh(client, first["RefreshToken"].Str()))["AuthenticationResult"]!;
        Assert.Equal(SecurityFlows.EventId(first), SecurityFlows.EventId(refreshed));
    }

    [Fact]
    public async Task A_sign_in_by_email_code_is_recorded_and_judged_like_one_by_password()
    {
        var client = await _flows.Pool("ENFORCED", """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""",
            """{ "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] } } }""");
        await _flows.SetRisk(client.PoolId, """
            {
              "AccountTakeoverRiskConfiguration": { "Actions": { "MediumAction": { "Notify": false, "EventAction": "BLOCK" } } },
              "RiskExceptionConfiguration": { "BlockedIPRangeList": ["203.0.113.0/24"] }
            }
            """);
        await Idp.VerifiedUser(client, "ona", "ona@example.com");
        Task<JsonNode> Code(string session, string code, string address) =>
            _flows.AdminRespond(client, "EMAIL_OTP", session, new() { ["USERNAME"] = "ona", ["EMAIL_OTP_CODE"] = code }, address);

        // Chosen at SELECT_CHALLENGE, from home: the event begins with the code sent; a wrong code fails it, the right one passes it.
        var select = await _flows.AdminAuth(client, "USER_AUTH", new() { ["USERNAME"] = "ona" }, Home);
        var challenge = await _flows.AdminRespond(client, "SELECT_CHALLENGE", select["Session"].Str(), new() { ["USERNAME"] = "ona", ["ANSWER"] = "EMAIL_OTP" }, Home);
        Assert.Equal("EMAIL_OTP", challenge["ChallengeName"].Str());
        Assert.Equal("SignIn InProgress NoRisk", (await _flows.History(client, "ona"))[0]);
        var code = await Idp.LatestCode(client.PoolId, "ona");
        await IdpFlows.Refused("CodeMismatchException", () => Code(challenge["Session"].Str(), code == "000000" ? "111111" : "000000", Home));
        Assert.Equal("SignIn Fail NoRisk Password:Failure", (await _flows.History(client, "ona"))[0]);
        var signedIn = (await Code(challenge["Session"].Str(), code, Home))["AuthenticationResult"]!;
        Assert.Equal(["SignIn Pass NoRisk Password:Success", "SignUp Pass NoRisk"], await _flows.History(client, "ona"));
        Assert.Equal((await _flows.Events(client, "ona"))[0]!["EventId"].Str(), SecurityFlows.EventId(signedIn));

        // Preferred, from elsewhere: the right code is judged, at Medium risk, and blocked.
        var elsewhere = await _flows.AdminAuth(client, "USER_AUTH", new() { ["USERNAME"] = "ona", ["PREFERRED_CHALLENGE"] = "EMAIL_OTP" }, Elsewhere);
        var elsewhereCode = await Idp.LatestCode(client.PoolId, "ona");
        await IdpFlows.Refused("NotAuthorizedException", () => Code(elsewhere["Session"].Str(), elsewhereCode, Elsewhere), SignInBlocked);
        Assert.Equal("SignIn Fail Block Medium Password:Success", (await _flows.History(client, "ona"))[0]);

        // From an address on the block list no code is sent.
        var sent = (await Idp.Messages(client.PoolId, "ona")).Count;
        await IdpFlows.Refused("NotAuthorizedException",
            () => _flows.AdminAuth(client, "USER_AUTH", new() { ["USERNAME"] = "ona", ["PREFERRED_CHALLENGE"] = "EMAIL_OTP" }, Blocked), RequestBlocked);
        Assert.Equal(sent, (await Idp.Messages(client.PoolId, "ona")).Count);
        Assert.Equal("SignIn Fail Block", (await _flows.History(client, "ona"))[0]);
    }

    [Fact]
    public async Task CUSTOM_AUTH_is_recorded_and_judged_by_its_own_mode_and_not_at_all_without_one()
    {
        const string Risk = """{ "AccountTakeoverRiskConfiguration": { "Actions": { "MediumAction": { "Notify": false, "EventAction": "BLOCK" } } } }""";
        const string Flows = """{ "ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""";
        // The standard flows only record (AUDIT) while CUSTOM_AUTH is ENFORCED.
        var split = await _flows.Pool("AUDIT", Flows, CustomAuthPool("split", """, "AdvancedSecurityAdditionalFlows": { "CustomAuthMode": "ENFORCED" }"""));
        await _flows.SetRisk(split.PoolId, Risk);
        await Idp.ConfirmedUser(split, "cal");
        Assert.NotNull((await _flows.AdminSignIn(split, "cal", Home))["AuthenticationResult"]);

        var custom = (await CustomSignIn(split, "split", "cal", Home))["AuthenticationResult"]!;

        Assert.Equal("SignIn Pass NoRisk Password:Success", (await _flows.History(split, "cal"))[0]);
        Assert.Equal((await _flows.Events(split, "cal"))[0]!["EventId"].Str(), SecurityFlows.EventId(custom));
        await IdpFlows.Refused("NotAuthorizedException", () => CustomSignIn(split, "split", "cal", Elsewhere), SignInBlocked);
        Assert.Equal("SignIn Fail Block Medium Password:Success", (await _flows.History(split, "cal"))[0]);
        Assert.NotNull((await _flows.AdminSignIn(split, "cal", Elsewhere))["AuthenticationResult"]);
        Assert.Equal("SignIn Pass Block Medium Password:Success", (await _flows.History(split, "cal"))[0]);

        // Without a CustomAuthMode, CUSTOM_AUTH is neither recorded nor judged, even where the standard flows are ENFORCED.
        var unjudged = await _flows.Pool("ENFORCED", Flows, CustomAuthPool("unjudged", ""));
        await _flows.SetRisk(unjudged.PoolId, Risk);
        await Idp.ConfirmedUser(unjudged, "dee");
        Assert.NotNull((await _flows.AdminSignIn(unjudged, "dee", Home))["AuthenticationResult"]);
        var unrecorded = (await CustomSignIn(unjudged, "unjudged", "dee", Elsewhere))["AuthenticationResult"]!;
        Assert.Equal(["SignIn Pass NoRisk Password:Success", "SignUp Pass NoRisk"], await _flows.History(unjudged, "dee"));
        Assert.Matches(Uuid, SecurityFlows.EventId(unrecorded));
        Assert.DoesNotContain(SecurityFlows.EventId(unrecorded), (await _flows.Events(unjudged, "dee")).Select(e => e!["EventId"].Str()));
    }

    [Fact]
    public async Task The_second_factor_a_risk_asks_for_is_still_asked_after_NEW_PASSWORD_REQUIRED()
    {
        var client = await _flows.Pool("ENFORCED");
        await Idp.Aws.Idp("SetUserPoolMfaConfig", new { UserPoolId = client.PoolId, MfaConfiguration = "OPTIONAL", EmailMfaConfiguration = new { Message = "Sign in with {####}" } });
        await _flows.SetRisk(client.PoolId, """{ "AccountTakeoverRiskConfiguration": { "Actions": { "MediumAction": { "Notify": false, "EventAction": "MFA_REQUIRED" } } } }""");
        await Idp.VerifiedUser(client, "noor", "noor@example.com");
        Assert.NotNull((await _flows.AdminSignIn(client, "noor", Home))["AuthenticationResult"]);
        await Idp.Aws.Idp("AdminSetUserPassword", new { UserPoolId = client.PoolId, Username = "noor", Password = "Temp-Passw0rd!", Permanent = false });

        var newPassword = await _flows.AdminSignIn(client, "noor", Elsewhere, password: "Temp-Passw0rd!");
        Assert.Equal("NEW_PASSWORD_REQUIRED", newPassword["ChallengeName"].Str());
        var mfa = await _flows.AdminRespond(client, "NEW_PASSWORD_REQUIRED", newPassword["Session"].Str(),
            new() { ["USERNAME"] = "noor", ["NEW_PASSWORD"] = "N3w-Passw0rd!" }, Elsewhere);

        Assert.Equal("EMAIL_OTP", mfa["ChallengeName"].Str());
        var signedIn = (await _flows.AdminRespond(client, "EMAIL_OTP", mfa["Session"].Str(),
            new() { ["USERNAME"] = "noor", ["EMAIL_OTP_CODE"] = await Idp.LatestCode(client.PoolId, "noor") }, Elsewhere))["AuthenticationResult"]!;
        Assert.Equal(["SignIn Pass AccountTakeover Medium Password:Success Mfa:Success", "SignIn Pass NoRisk Password:Success", "SignUp Pass NoRisk"],
            await _flows.History(client, "noor"));
        Assert.Equal((await _flows.Events(client, "noor"))[0]!["EventId"].Str(), SecurityFlows.EventId(signedIn));
    }

    [Fact]
    public async Task A_breached_password_at_sign_in_leaves_its_user_RESET_REQUIRED_and_only_the_right_password_learns_it()
    {
        var client = await _flows.Pool("ENFORCED", """{ "PreventUserExistenceErrors": "ENABLED" }""");
        await _flows.SetRisk(client.PoolId, """{ "CompromisedCredentialsRiskConfiguration": { "EventFilter": ["SIGN_IN"], "Actions": { "EventAction": "BLOCK" } } }""");
        await Idp.VerifiedUser(client, "val", "val@example.com");
        await Idp.Aws.Idp("AdminSetUserPassword", new { UserPoolId = client.PoolId, Username = "val", Password = "Welcome1!", Permanent = true });
        async Task<string> Status() => (await Idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "val" }))["UserStatus"].Str();

        // The refusal is the sign-in's answer even with user existence errors prevented: only the right password gets it.
        await IdpFlows.Refused("PasswordResetRequiredException", () => _flows.AdminSignIn(client, "val", Home, password: "Welcome1!"), "Password reset required for the user");

        Assert.Equal("RESET_REQUIRED", await Status());
        var blocked = (await _flows.Events(client, "val"))[0]!;
        Assert.Equal("SignIn Fail Block Password:Success", (await _flows.History(client, "val"))[0]);
        Assert.True(blocked["EventRisk"]!["CompromisedCredentialsDetected"]!.GetValue<bool>());
        await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminSignIn(client, "val", Home, password: "Wr0ng-password"), "Incorrect username or password.");
        await IdpFlows.Refused("PasswordResetRequiredException", () => _flows.AdminSignIn(client, "val", Home, password: "Welcome1!"));
        // SRP never shows the password, so it is not checked for a breach; the user's status still refuses the sign-in.
        await IdpFlows.Refused("PasswordResetRequiredException", () => _flows.AdminSrpSignIn(client, "val", "Welcome1!", Home));
        var srp = (await _flows.Events(client, "val"))[0]!;
        Assert.Equal("SignIn Fail NoRisk Password:Success", (await _flows.History(client, "val"))[0]);
        Assert.False(srp["EventRisk"]!["CompromisedCredentialsDetected"]!.GetValue<bool>());

        // A password reset ends it.
        await Idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "val" });
        await Idp.Aws.Idp("ConfirmForgotPassword", new { ClientId = client.Id, Username = "val", ConfirmationCode = await Idp.LatestCode(client.PoolId, "val"), Password = "N3w-Passw0rd!" });
        Assert.Equal("CONFIRMED", await Status());
        Assert.NotNull((await _flows.AdminSignIn(client, "val", Home, password: "N3w-Passw0rd!"))["AuthenticationResult"]);
    }

    [Fact]
    public async Task From_a_blocked_address_a_user_the_pool_does_not_have_is_refused_as_one_it_has_is()
    {
        var client = await _flows.Pool("ENFORCED",
            """{ "PreventUserExistenceErrors": "ENABLED", "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH"] }""",
            $$"""
            {
              "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] } },
              "LambdaConfig": {
                "DefineAuthChallenge": "{{LambdaStandIn.Arn("blocked-define")}}", "CreateAuthChallenge": "{{LambdaStandIn.Arn("blocked-create")}}",
                "VerifyAuthChallengeResponse": "{{LambdaStandIn.Arn("blocked-verify")}}"
              },
              "UserPoolAddOns": { "AdvancedSecurityAdditionalFlows": { "CustomAuthMode": "ENFORCED" } }
            }
            """);
        await _flows.SetRisk(client.PoolId, """{ "RiskExceptionConfiguration": { "BlockedIPRangeList": ["203.0.113.0/24"] } }""");
        await Idp.VerifiedUser(client, "kai", "kai@example.com");

        foreach (var username in new[] { "kai", "nobody" })
        {
            await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminSignIn(client, username, Blocked), RequestBlocked);
            await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminSrpSignIn(client, username, IdpFlows.Password, Blocked), RequestBlocked);
            await IdpFlows.Refused("NotAuthorizedException",
                () => _flows.AdminAuth(client, "USER_AUTH", new() { ["USERNAME"] = username, ["PREFERRED_CHALLENGE"] = "EMAIL_OTP" }, Blocked), RequestBlocked);
            // The custom auth challenge functions are not programmed: a call to one would fail the sign-in otherwise.
            await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminAuth(client, "CUSTOM_AUTH", new() { ["USERNAME"] = username }, Blocked), RequestBlocked);
        }
        Assert.Equal(["SignIn Fail Block", "SignIn Fail Block", "SignIn Fail Block", "SignIn Fail Block", "SignUp Pass NoRisk"], await _flows.History(client, "kai"));
    }

    /// <summary>A pool's settings with the custom auth challenge functions "{prefix}-define", "-create" and "-verify", and more UserPoolAddOns.</summary>
    private static string CustomAuthPool(string prefix, string addOns) => $$"""
        {
          "LambdaConfig": {
            "DefineAuthChallenge": "{{LambdaStandIn.Arn(prefix + "-define")}}", "CreateAuthChallenge": "{{LambdaStandIn.Arn(prefix + "-create")}}",
            "VerifyAuthChallengeResponse": "{{LambdaStandIn.Arn(prefix + "-verify")}}"
          },
          "UserPoolAddOns": { "AdvancedSecurityMode": "OFF" {{addOns}} }
        }
        """;

    /// <summary>CUSTOM_AUTH from this address: one question, answered right, then tokens (as far as threat protection lets them).</summary>
    private async Task<JsonNode> CustomSignIn(TestClient client, string prefix, string username, string address)
    {
        _lambda.Program(prefix + "-define", Answer.Returns(r => r["challengeName"] = "CUSTOM_CHALLENGE"), Answer.Returns(r => r["issueTokens"] = true));
        _lambda.Program(prefix + "-create", Answer.Returns(r => r["privateChallengeParameters"] = new JsonObject { ["answer"] = "42" }));
        _lambda.Program(prefix + "-verify", Answer.Returns(r => r["answerCorrect"] = true));
        var challenge = await _flows.AdminAuth(client, "CUSTOM_AUTH", new() { ["USERNAME"] = username }, address);
        Assert.Equal("CUSTOM_CHALLENGE", challenge["ChallengeName"].Str());
        return await _flows.AdminRespond(client, "CUSTOM_CHALLENGE", challenge["Session"].Str(), new() { ["USERNAME"] = username, ["ANSWER"] = "42" }, address);
    }
}
