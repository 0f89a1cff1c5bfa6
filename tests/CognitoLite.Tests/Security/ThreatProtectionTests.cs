using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Security;

public sealed class ThreatProtectionOnPostgres(SecurityHost<OnPostgres> fixture) : ThreatProtectionTests(fixture), IClassFixture<SecurityHost<OnPostgres>>;

public sealed class ThreatProtectionOnSqlite(SecurityHost<OnSqlite> fixture) : ThreatProtectionTests(fixture), IClassFixture<SecurityHost<OnSqlite>>;

/// <summary>
/// Threat protection through the real host on both stores: each risk level and action in ENFORCED and AUDIT mode, the IP
/// lists, compromised-credentials detection with the shipped breached-password list, the event history and its feedback.
/// </summary>
public abstract partial class ThreatProtectionTests(HostFixture fixture)
{
    private const string RequestBlocked = "Request not allowed due to security reasons.";
    private const string SignInBlocked = "Unable to login because of security reasons.";
    private const string CompromisedPassword = "Provided password cannot be used for security reasons.";
    private const string Home = "198.51.100.1";
    private const string Elsewhere = "192.0.2.9";
    private const string Blocked = "203.0.113.7";

    private readonly SecurityFlows _flows = new(fixture.Host);

    private IdpFlows Idp => _flows.Idp;

    [Fact]
    public async Task Risk_configuration_is_set_and_described_for_the_pool_and_for_a_client()
    {
        var client = await _flows.Pool("AUDIT");
        var other = await _flows.Client(client.PoolId);
        const string PoolWide = """
            {
              "CompromisedCredentialsRiskConfiguration": { "EventFilter": ["SIGN_IN", "SIGN_UP"], "Actions": { "EventAction": "BLOCK" } },
              "AccountTakeoverRiskConfiguration": {
                "NotifyConfiguration": { "From": "security@example.com", "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
                  "BlockEmail": { "Subject": "Blocked sign-in", "TextBody": "We blocked a sign-in from {device-name}." } },
                "Actions": { "LowAction": { "Notify": false, "EventAction": "NO_ACTION" }, "HighAction": { "Notify": true, "EventAction": "BLOCK" } }
              },
              "RiskExceptionConfiguration": { "BlockedIPRangeList": ["203.0.113.0/24"], "SkippedIPRangeList": ["198.51.100.0/24", "2001:db8::/32"] }
            }
            """;
        const string ClientOwn = """{ "CompromisedCredentialsRiskConfiguration": { "Actions": { "EventAction": "NO_ACTION" } } }""";

        var set = (await _flows.SetRisk(client.PoolId, PoolWide))["RiskConfiguration"]!;

        Expect.Contains(PoolWide, set);
        Assert.Equal(client.PoolId, set["UserPoolId"].Str());
        Assert.Null(set["ClientId"]);
        Assert.True(set["LastModifiedDate"]!.GetValue<double>() > 0);
        Expect.Contains(PoolWide, await Describe(client.PoolId));
        var own = (await _flows.SetRisk(client.PoolId, ClientOwn, client.Id))["RiskConfiguration"]!;
        Assert.Equal(client.Id, own["ClientId"].Str());
        Assert.Null(own["AccountTakeoverRiskConfiguration"]);
        Expect.Contains(ClientOwn, await Describe(client.PoolId, client.Id));
        // A client without settings of its own is judged by the pool's, which is what describing it shows.
        var inherited = await Describe(client.PoolId, other.Id);
        Expect.Contains(PoolWide, inherited);
        Assert.Null(inherited["ClientId"]);

        // Only the ids: the client's settings are dropped, then the pool's go back to none.
        Assert.Equal($$"""{"UserPoolId":"{{client.PoolId}}","ClientId":"{{client.Id}}"}""",
            (await _flows.SetRisk(client.PoolId, "{}", client.Id))["RiskConfiguration"]!.ToJsonString());
        Expect.Contains(PoolWide, await Describe(client.PoolId, client.Id));
        await _flows.SetRisk(client.PoolId, "{}");
        Assert.Equal($$"""{"UserPoolId":"{{client.PoolId}}"}""", (await Describe(client.PoolId)).ToJsonString());
    }

    [Fact]
    public async Task Threat_protection_needs_the_Plus_tier_and_its_operations_need_it_on()
    {
        await IdpFlows.Refused("FeatureUnavailableInTierException",
            () => Idp.CreatePool("""{ "UserPoolAddOns": { "AdvancedSecurityMode": "ENFORCED" } }"""), "Threat protection is not available in the ESSENTIALS tier.");
        var off = await _flows.Pool("OFF");
        await Idp.ConfirmedUser(off, "olga");
        Assert.NotNull((await _flows.AdminSignIn(off, "olga", Home))["AuthenticationResult"]);

        const string NotEnabled = "Advanced security features are not enabled for this user pool.";
        await IdpFlows.Refused("UserPoolAddOnNotEnabledException", () => _flows.SetRisk(off.PoolId, "{}"), NotEnabled);
        await IdpFlows.Refused("UserPoolAddOnNotEnabledException", () => Describe(off.PoolId), NotEnabled);
        await IdpFlows.Refused("UserPoolAddOnNotEnabledException", () => _flows.Events(off, "olga"), NotEnabled);
        await IdpFlows.Refused("UserPoolAddOnNotEnabledException",
            () => Idp.Aws.Idp("AdminUpdateAuthEventFeedback", new { UserPoolId = off.PoolId, Username = "olga", EventId = Guid.NewGuid(), FeedbackValue = "Valid" }), NotEnabled);

        // Nothing was recorded while threat protection was off.
        await Idp.Aws.Idp("UpdateUserPool", new { UserPoolId = off.PoolId, UserPoolTier = "PLUS", UserPoolAddOns = new { AdvancedSecurityMode = "AUDIT" } });
        Assert.Empty(await _flows.Events(off, "olga"));
    }

    [Fact]
    public async Task Risk_configuration_is_checked_as_AWS_checks_it()
    {
        var client = await _flows.Pool("ENFORCED");

        var invalid = await Expect.InvalidParameter(() => _flows.SetRisk(client.PoolId,
            """{ "CompromisedCredentialsRiskConfiguration": { "EventFilter": ["SIGN_OUT"], "Actions": { "EventAction": "DENY" } } }"""));
        Assert.Equal("2 validation errors detected: Value '[SIGN_OUT]' at 'compromisedCredentialsRiskConfiguration.eventFilter' failed to satisfy constraint: "
            + "Member must satisfy constraint: [Member must satisfy enum value set: [SIGN_IN, PASSWORD_CHANGE, SIGN_UP]]; Value 'DENY' at "
            + "'compromisedCredentialsRiskConfiguration.actions.eventAction' failed to satisfy constraint: Member must satisfy enum value set: [BLOCK, NO_ACTION]",
            invalid.AwsMessage);
        var noActions = await Expect.InvalidParameter(() => _flows.SetRisk(client.PoolId, """{ "AccountTakeoverRiskConfiguration": { } }"""));
        Assert.Equal("1 validation error detected: Value null at 'accountTakeoverRiskConfiguration.actions' failed to satisfy constraint: Member must not be null",
            noActions.AwsMessage);
        var notCidr = await Expect.InvalidParameter(() => _flows.SetRisk(client.PoolId, """{ "RiskExceptionConfiguration": { "BlockedIPRangeList": ["203.0.113.7"] } }"""));
        Assert.Equal("BlockedIPRangeList: 203.0.113.7 is not an IP address range in CIDR notation.", notCidr.AwsMessage);
        await Expect.NotFound(() => _flows.SetRisk(client.PoolId, "{}", "nosuchclient00000000000000"));
        await Expect.NotFound(() => Describe("us-east-1_NoSuchPool"));
    }

    [Fact]
    public async Task ENFORCED_refuses_an_address_on_the_block_list_before_its_password_is_checked()
    {
        var client = await _flows.Pool("ENFORCED");
        await _flows.SetRisk(client.PoolId, """{ "RiskExceptionConfiguration": { "BlockedIPRangeList": ["203.0.113.0/24"] } }""");
        await Idp.ConfirmedUser(client, "amy");

        await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminSignIn(client, "amy", Blocked), RequestBlocked);
        await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminSignIn(client, "amy", Blocked, password: "Wr0ng-password"), RequestBlocked);
        Assert.NotNull((await _flows.AdminSignIn(client, "amy", Home))["AuthenticationResult"]);

        Assert.Equal(["SignIn Pass NoRisk Password:Success", "SignIn Fail Block", "SignIn Fail Block", "SignUp Pass NoRisk"], await _flows.History(client, "amy"));
        var blocked = (await _flows.Events(client, "amy"))[1]!;
        Assert.Equal(Blocked, blocked["EventContextData"]!["IpAddress"].Str());
        Assert.Equal(SecurityFlows.Laptop, blocked["EventContextData"]!["DeviceName"].Str());
        Assert.False(blocked["EventRisk"]!["CompromisedCredentialsDetected"]!.GetValue<bool>());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", blocked["EventId"].Str());
    }

    [Fact]
    public async Task AUDIT_records_blocked_addresses_and_risks_without_acting_on_them()
    {
        var client = await _flows.Pool("AUDIT");
        await _flows.SetRisk(client.PoolId, """
            {
              "AccountTakeoverRiskConfiguration": { "Actions": { "HighAction": { "Notify": true, "EventAction": "BLOCK" } } },
              "RiskExceptionConfiguration": { "BlockedIPRangeList": ["203.0.113.0/24"] }
            }
            """);
        await Idp.ConfirmedUser(client, "bob", "bob@example.com");

        Assert.NotNull((await _flows.AdminSignIn(client, "bob", Home))["AuthenticationResult"]);
        Assert.NotNull((await _flows.AdminSignIn(client, "bob", Blocked))["AuthenticationResult"]);
        Assert.NotNull((await _flows.AdminSignIn(client, "bob", Elsewhere, SecurityFlows.Phone))["AuthenticationResult"]);

        Assert.Equal(["SignIn Pass Block High Password:Success", "SignIn Pass Block Password:Success", "SignIn Pass NoRisk Password:Success", "SignUp Pass NoRisk"],
            await _flows.History(client, "bob"));
        Assert.DoesNotContain(await Idp.Messages(client.PoolId, "bob"), m => m!["kind"].Str() == "AccountTakeover");
    }

    [Fact]
    public async Task MFA_REQUIRED_asks_a_risky_sign_in_for_a_second_factor_the_user_never_turned_on()
    {
        var client = await _flows.Pool("ENFORCED");
        await Idp.Aws.Idp("SetUserPoolMfaConfig", new { UserPoolId = client.PoolId, MfaConfiguration = "OPTIONAL", EmailMfaConfiguration = new { Message = "Sign in with {####}" } });
        await _flows.SetRisk(client.PoolId, """{ "AccountTakeoverRiskConfiguration": { "Actions": { "MediumAction": { "Notify": false, "EventAction": "MFA_REQUIRED" } } } }""");
        await Idp.ConfirmedUser(client, "cara", "cara@example.com");
        Assert.NotNull((await _flows.AdminSignIn(client, "cara", Home))["AuthenticationResult"]);

        var challenge = await _flows.AdminSignIn(client, "cara", Elsewhere);

        Assert.Equal("EMAIL_OTP", challenge["ChallengeName"].Str());
        async Task<JsonNode> Answer(string session, string code) => await Idp.Aws.Idp("AdminRespondToAuthChallenge", new
        {
            UserPoolId = client.PoolId,
            ClientId = client.Id,
            ChallengeName = "EMAIL_OTP",
            Session = session,
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "cara", ["EMAIL_OTP_CODE"] = code },
            ContextData = SecurityFlows.Context(Elsewhere),
        });
        var code = await Idp.LatestCode(client.PoolId, "cara");
        await IdpFlows.Refused("CodeMismatchException", () => Answer(challenge["Session"].Str(), code == "000000" ? "111111" : "000000"));
        Assert.Equal("SignIn Fail AccountTakeover Medium Password:Success Mfa:Failure", (await _flows.History(client, "cara"))[0]);
        Assert.NotNull((await Answer(challenge["Session"].Str(), code))["AuthenticationResult"]);
        Assert.Equal(["SignIn Pass AccountTakeover Medium Password:Success Mfa:Success", "SignIn Pass NoRisk Password:Success", "SignUp Pass NoRisk"],
            await _flows.History(client, "cara"));

        // A user with no email, phone or authenticator app cannot answer: MFA_REQUIRED blocks, a client's MFA_IF_CONFIGURED lets through.
        await Idp.ConfirmedUser(client, "dan");
        Assert.NotNull((await _flows.AdminSignIn(client, "dan", Home))["AuthenticationResult"]);
        await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminSignIn(client, "dan", Elsewhere), SignInBlocked);
        var lenient = await _flows.Client(client.PoolId);
        await _flows.SetRisk(client.PoolId, """{ "AccountTakeoverRiskConfiguration": { "Actions": { "MediumAction": { "Notify": false, "EventAction": "MFA_IF_CONFIGURED" } } } }""", lenient.Id);
        Assert.NotNull((await _flows.AdminSignIn(lenient, "dan", Elsewhere))["AuthenticationResult"]);
        Assert.Equal(["SignIn Pass AccountTakeover Medium Password:Success", "SignIn Fail Block Medium Password:Success", "SignIn Pass NoRisk Password:Success", "SignUp Pass NoRisk"],
            await _flows.History(client, "dan"));
    }

    [Fact]
    public async Task BLOCK_refuses_a_high_risk_sign_in_and_the_notification_links_give_feedback_that_later_sign_ins_heed()
    {
        var client = await _flows.Pool("ENFORCED");
        await _flows.SetRisk(client.PoolId, """
            {
              "AccountTakeoverRiskConfiguration": {
                "NotifyConfiguration": { "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
                  "BlockEmail": { "Subject": "Blocked sign-in", "TextBody": "A sign-in from {device-name} in {city} was blocked. Not you: {one-click-link-invalid} You: {one-click-link-valid}" } },
                "Actions": { "HighAction": { "Notify": true, "EventAction": "BLOCK" } }
              }
            }
            """);
        await Idp.ConfirmedUser(client, "erin", "erin@example.com");
        Assert.NotNull((await _flows.AdminSignIn(client, "erin", Home))["AuthenticationResult"]);

        await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminSignIn(client, "erin", Elsewhere, SecurityFlows.Phone), SignInBlocked);

        Assert.Equal("SignIn Fail Block High Password:Success", (await _flows.History(client, "erin"))[0]);
        var eventId = (await _flows.Events(client, "erin"))[0]!["EventId"].Str();
        var email = (await Idp.Messages(client.PoolId, "erin")).Single(m => m!["kind"].Str() == "AccountTakeover")!;
        Assert.Equal(("erin@example.com", "Blocked sign-in"), (email["destination"].Str(), email["subject"].Str()));
        var links = FeedbackLink().Matches(email["body"].Str()).Select(m => new Uri(m.Value)).ToList();
        Assert.StartsWith($"A sign-in from {SecurityFlows.Phone} in Unknown city was blocked. Not you: ", email["body"].Str());
        Assert.Equal([$"/{client.PoolId}/auth-event-feedback"], links.Select(l => l.AbsolutePath).Distinct());
        Assert.Equal(["Invalid", "Valid"], links.Select(l => Query(l, "feedback_value")));
        Assert.All(links, l => Assert.Equal(eventId, Query(l, "event_id")));
        var token = Query(links[0], "feedback_token");

        Task<JsonNode> Feedback(string id, string feedbackToken, string value) =>
            Idp.Aws.Idp("UpdateAuthEventFeedback", new { UserPoolId = client.PoolId, Username = "erin", EventId = id, FeedbackToken = feedbackToken, FeedbackValue = value });
        await IdpFlows.Refused("NotAuthorizedException", () => Feedback(eventId, new string('0', 64), "Valid"), "Invalid feedback token.");
        await IdpFlows.Refused("ResourceNotFoundException", () => Feedback(Guid.NewGuid().ToString(), token, "Valid"), "Auth event not found.");
        await IdpFlows.Refused("UserNotFoundException", () => Idp.Aws.Idp("UpdateAuthEventFeedback",
            new { UserPoolId = client.PoolId, Username = "nobody", EventId = eventId, FeedbackToken = token, FeedbackValue = "Valid" }));

        // The user's "it was me" makes the address and device theirs: the same sign-in now passes.
        Assert.Equal("{}", (await Feedback(eventId, token, "Valid")).ToJsonString());
        var feedback = (await _flows.Events(client, "erin"))[0]!["EventFeedback"]!;
        Assert.Equal(("Valid", "User"), (feedback["FeedbackValue"].Str(), feedback["Provider"].Str()));
        Assert.True(feedback["FeedbackDate"]!.GetValue<double>() > 0);
        Assert.NotNull((await _flows.AdminSignIn(client, "erin", Elsewhere, SecurityFlows.Phone))["AuthenticationResult"]);
        Assert.Equal("SignIn Pass NoRisk Password:Success", (await _flows.History(client, "erin"))[0]);

        // The email's other link, followed in a browser, records "not me"; an administrator may say otherwise.
        using var followed = await Idp.Aws.Http.GetAsync(links[0].PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal("Thank you. The sign-in is recorded as not yours: change your password.", await followed.Content.ReadAsStringAsync());
        Assert.Equal("Invalid", (await _flows.Events(client, "erin"))[1]!["EventFeedback"]!["FeedbackValue"].Str());
        await Idp.Aws.Idp("AdminUpdateAuthEventFeedback", new { UserPoolId = client.PoolId, Username = "erin", EventId = eventId, FeedbackValue = "Valid" });
        Assert.Equal(("Valid", "Admin"), ((await _flows.Events(client, "erin"))[1]!["EventFeedback"]!["FeedbackValue"].Str(),
            (await _flows.Events(client, "erin"))[1]!["EventFeedback"]!["Provider"].Str()));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_raise_the_risk_until_feedback_vouches_for_the_sign_in()
    {
        var client = await _flows.Pool("ENFORCED");
        await _flows.SetRisk(client.PoolId, """{ "AccountTakeoverRiskConfiguration": { "Actions": { "LowAction": { "Notify": false, "EventAction": "BLOCK" } } } }""");
        await Idp.ConfirmedUser(client, "finn");
        Assert.NotNull((await _flows.AdminSignIn(client, "finn", Home))["AuthenticationResult"]);
        for (var i = 0; i < 3; i++)
            await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminSignIn(client, "finn", Home, password: "Wr0ng-password"), "Incorrect username or password.");

        await IdpFlows.Refused("NotAuthorizedException", () => _flows.AdminSignIn(client, "finn", Home), SignInBlocked);

        Assert.Equal(["SignIn Fail Block Low Password:Success", "SignIn Fail NoRisk Password:Failure", "SignIn Fail NoRisk Password:Failure",
            "SignIn Fail NoRisk Password:Failure", "SignIn Pass NoRisk Password:Success", "SignUp Pass NoRisk"], await _flows.History(client, "finn"));
        var blocked = (await _flows.Events(client, "finn"))[0]!["EventId"].Str();
        await Idp.Aws.Idp("AdminUpdateAuthEventFeedback", new { UserPoolId = client.PoolId, Username = "finn", EventId = blocked, FeedbackValue = "Valid" });
        Assert.NotNull((await _flows.AdminSignIn(client, "finn", Home))["AuthenticationResult"]);
    }

    [Fact]
    public async Task Sign_ups_code_resends_password_resets_and_changes_are_events_listed_newest_first_in_pages()
    {
        var client = await _flows.Pool("ENFORCED");
        var sub = (await Idp.SignUp(client, "gina", IdpFlows.Password, ("email", "gina@example.com")))["UserSub"].Str();
        await Idp.Aws.Idp("ResendConfirmationCode", new { ClientId = client.Id, Username = "gina" });
        await Idp.ConfirmSignUp(client, "gina", await Idp.LatestCode(client.PoolId, "gina"));
        await Idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "gina" });
        const string Reset = "N3w-Passw0rd!";
        await Idp.Aws.Idp("ConfirmForgotPassword", new { ClientId = client.Id, Username = "gina", ConfirmationCode = await Idp.LatestCode(client.PoolId, "gina"), Password = Reset });
        var accessToken = (await Idp.SignIn(client, "gina", Reset))["AccessToken"].Str();
        await Idp.Aws.Idp("ChangePassword", new { AccessToken = accessToken, PreviousPassword = Reset, ProposedPassword = IdpFlows.Password });

        var first = await Idp.Aws.Idp("AdminListUserAuthEvents", new { UserPoolId = client.PoolId, Username = "gina", MaxResults = 4 });
        var second = await Idp.Aws.Idp("AdminListUserAuthEvents", new { UserPoolId = client.PoolId, Username = "gina", MaxResults = 4, NextToken = first["NextToken"].Str() });

        Assert.Equal(["PasswordChange", "SignIn", "PasswordChange", "ForgotPassword"], first["AuthEvents"]!.AsArray().Select(e => e!["EventType"].Str()));
        Assert.Equal(["ResendCode", "SignUp"], second["AuthEvents"]!.AsArray().Select(e => e!["EventType"].Str()));
        Assert.Null(second["NextToken"]);
        var all = first["AuthEvents"]!.AsArray().Concat(second["AuthEvents"]!.AsArray()).ToList();
        Assert.All(all, e => Assert.Equal("Pass", e!["EventResponse"].Str()));
        Assert.Equal(6, all.Select(e => e!["EventId"].Str()).Distinct().Count());
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First!["CreationDate"]!.GetValue<double>() >= pair.Second!["CreationDate"]!.GetValue<double>()));
        // MaxResults 0 is the default page of 60.
        Assert.Equal(6, (await Idp.Aws.Idp("AdminListUserAuthEvents", new { UserPoolId = client.PoolId, Username = "gina", MaxResults = 0 }))["AuthEvents"]!.AsArray().Count);

        await Expect.InvalidParameter(() => Idp.Aws.Idp("AdminListUserAuthEvents", new { UserPoolId = client.PoolId, Username = "gina", MaxResults = 61 }));
        var badToken = await Expect.InvalidParameter(() => Idp.Aws.Idp("AdminListUserAuthEvents", new { UserPoolId = client.PoolId, Username = "gina", NextToken = "nonsense" }));
        Assert.Equal("Invalid pagination token.", badToken.AwsMessage);
        await IdpFlows.Refused("UserNotFoundException", () => _flows.Events(client, "nobody"), "User does not exist.");
        // The user's sub names them too.
        Assert.Equal(6, (await _flows.Events(client, sub)).Count);
    }

    [Fact]
    public async Task ENFORCED_refuses_a_breached_password_at_sign_up_and_password_changes_and_sends_a_sign_in_with_one_to_a_reset()
    {
        var client = await _flows.Pool("ENFORCED");
        await _flows.SetRisk(client.PoolId, """{ "CompromisedCredentialsRiskConfiguration": { "Actions": { "EventAction": "BLOCK" } } }""");

        await IdpFlows.Refused("InvalidPasswordException", () => Idp.SignUp(client, "hal", "Password123!", ("email", "hal@example.com")), CompromisedPassword);
        await IdpFlows.Refused("UserNotFoundException", () => Idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "hal" }));
        await Idp.VerifiedUser(client, "hal", "hal@example.com");
        var accessToken = (await Idp.SignIn(client, "hal"))["AccessToken"].Str();
        await IdpFlows.Refused("InvalidPasswordException",
            () => Idp.Aws.Idp("ChangePassword", new { AccessToken = accessToken, PreviousPassword = IdpFlows.Password, ProposedPassword = "Qwerty123!" }), CompromisedPassword);
        await Idp.Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = "hal" });
        var code = await Idp.LatestCode(client.PoolId, "hal");
        await IdpFlows.Refused("InvalidPasswordException",
            () => Idp.Aws.Idp("ConfirmForgotPassword", new { ClientId = client.Id, Username = "hal", ConfirmationCode = code, Password = "Summer2024!" }), CompromisedPassword);

        // An administrator's password is not screened; signing in with it is, and sends the user to a password reset.
        await Idp.Aws.Idp("AdminSetUserPassword", new { UserPoolId = client.PoolId, Username = "hal", Password = "Welcome1!", Permanent = true });
        await IdpFlows.Refused("PasswordResetRequiredException", () => Idp.PasswordAuth(client, "hal", "Welcome1!"), "Password reset required for the user");

        Assert.Equal("RESET_REQUIRED", (await Idp.Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = "hal" }))["UserStatus"].Str());
        Assert.Equal(["SignIn Fail Block Password:Success", "PasswordChange Fail Block", "ForgotPassword Pass NoRisk", "PasswordChange Fail Block",
            "SignIn Pass NoRisk Password:Success", "SignUp Pass NoRisk"], await _flows.History(client, "hal"));
        var flags = (await _flows.Events(client, "hal")).Select(e => e!["EventRisk"]!["CompromisedCredentialsDetected"]!.GetValue<bool>());
        Assert.Equal([true, true, false, true, false, false], flags);
        // The same code still resets the password, to one that is not breached.
        await Idp.Aws.Idp("ConfirmForgotPassword", new { ClientId = client.Id, Username = "hal", ConfirmationCode = code, Password = "N3w-Passw0rd!" });
        Assert.NotNull(await Idp.SignIn(client, "hal", "N3w-Passw0rd!"));

        // The password chosen at NEW_PASSWORD_REQUIRED is screened too, and a refused one can be replaced in the same session.
        await Idp.Aws.Idp("AdminCreateUser", new { UserPoolId = client.PoolId, Username = "nia", TemporaryPassword = "Temp-Passw0rd!", MessageAction = "SUPPRESS" });
        var session = (await Idp.PasswordAuth(client, "nia", "Temp-Passw0rd!"))["Session"].Str();
        Task<JsonNode> NewPassword(string password) => Idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "NEW_PASSWORD_REQUIRED",
            Session = session,
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "nia", ["NEW_PASSWORD"] = password },
        });
        await IdpFlows.Refused("InvalidPasswordException", () => NewPassword("Letmein123!"), CompromisedPassword);
        Assert.NotNull((await NewPassword(IdpFlows.Password))["AuthenticationResult"]);
    }

    [Fact]
    public async Task AUDIT_and_a_narrower_event_filter_only_record_a_breached_password()
    {
        var audit = await _flows.Pool("AUDIT");
        await _flows.SetRisk(audit.PoolId, """{ "CompromisedCredentialsRiskConfiguration": { "Actions": { "EventAction": "BLOCK" } } }""");
        await Idp.SignUp(audit, "ivy", "Letmein123!");
        await Idp.AdminConfirmSignUp(audit.PoolId, "ivy");
        Assert.NotNull(await Idp.SignIn(audit, "ivy", "Letmein123!"));
        Assert.Equal(["SignIn Pass Block Password:Success", "SignUp Pass Block"], await _flows.History(audit, "ivy"));
        Assert.All(await _flows.Events(audit, "ivy"), e => Assert.True(e!["EventRisk"]!["CompromisedCredentialsDetected"]!.GetValue<bool>()));

        var signInOnly = await _flows.Pool("ENFORCED");
        await _flows.SetRisk(signInOnly.PoolId, """{ "CompromisedCredentialsRiskConfiguration": { "EventFilter": ["SIGN_IN"], "Actions": { "EventAction": "BLOCK" } } }""");
        await Idp.SignUp(signInOnly, "jay", "Password123!");
        await Idp.AdminConfirmSignUp(signInOnly.PoolId, "jay");
        await IdpFlows.Refused("PasswordResetRequiredException", () => Idp.PasswordAuth(signInOnly, "jay", "Password123!"));
        Assert.Equal([true, false], (await _flows.Events(signInOnly, "jay")).Select(e => e!["EventRisk"]!["CompromisedCredentialsDetected"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task An_SRP_sign_in_is_judged_at_its_proof_and_never_shows_its_password()
    {
        var client = await _flows.Pool("ENFORCED");
        await _flows.SetRisk(client.PoolId, """
            {
              "CompromisedCredentialsRiskConfiguration": { "EventFilter": ["SIGN_IN"], "Actions": { "EventAction": "BLOCK" } },
              "RiskExceptionConfiguration": { "BlockedIPRangeList": ["203.0.113.0/24"] }
            }
            """);
        await Idp.SignUp(client, "mia", "Password123!");
        await Idp.AdminConfirmSignUp(client.PoolId, "mia");
        async Task<JsonNode> SrpSignIn(string address)
        {
            var srp = new SrpClient();
            var verifier = await Idp.Aws.Idp("AdminInitiateAuth", new
            {
                UserPoolId = client.PoolId,
                ClientId = client.Id,
                AuthFlow = "USER_SRP_AUTH",
                AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "mia", ["SRP_A"] = srp.SrpA },
                ContextData = SecurityFlows.Context(address),
            });
            return await Idp.Aws.Idp("AdminRespondToAuthChallenge", new
            {
                UserPoolId = client.PoolId,
                ClientId = client.Id,
                ChallengeName = "PASSWORD_VERIFIER",
                ChallengeResponses = srp.Answer(client.PoolId, verifier["ChallengeParameters"]!, "Password123!", DateTimeOffset.UtcNow),
                ContextData = SecurityFlows.Context(address),
            });
        }

        Assert.NotNull((await SrpSignIn(Home))["AuthenticationResult"]);
        await IdpFlows.Refused("NotAuthorizedException", () => SrpSignIn(Blocked), RequestBlocked);

        Assert.Equal(["SignIn Fail Block", "SignIn Pass NoRisk Password:Success", "SignUp Pass NoRisk"], await _flows.History(client, "mia"));
        Assert.All(await _flows.Events(client, "mia"), e => Assert.False(e!["EventRisk"]!["CompromisedCredentialsDetected"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task UserContextData_names_the_address_only_for_a_client_that_propagates_it()
    {
        var propagating = await _flows.Pool("ENFORCED", """{ "GenerateSecret": true, "EnablePropagateAdditionalUserContextData": true }""");
        var other = await _flows.Client(propagating.PoolId, """{ "GenerateSecret": true }""");
        await _flows.SetRisk(propagating.PoolId, """{ "RiskExceptionConfiguration": { "BlockedIPRangeList": ["203.0.113.0/24"] } }""");
        await Idp.ConfirmedUser(propagating, "kim");
        Task<JsonNode> SignIn(TestClient client) => Idp.Aws.Idp("InitiateAuth", new
        {
            ClientId = client.Id,
            AuthFlow = "USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string>
            {
                ["USERNAME"] = "kim", ["PASSWORD"] = IdpFlows.Password, ["SECRET_HASH"] = IdpFlows.SecretHash(client.Secret!, "kim", client.Id),
            },
            UserContextData = new { IpAddress = Blocked, EncodedData = "eyJmaW5nZXJwcmludCI6InRlc3QifQ==" },
        });

        await IdpFlows.Refused("NotAuthorizedException", () => SignIn(propagating), RequestBlocked);
        Assert.NotNull((await SignIn(other))["AuthenticationResult"]);

        var events = await _flows.Events(propagating, "kim");
        Assert.Equal(Blocked, events[1]!["EventContextData"]!["IpAddress"].Str());
        Assert.NotEqual(Blocked, events[0]!["EventContextData"]!["IpAddress"]?.GetValue<string>());
    }

    private async Task<JsonNode> Describe(string poolId, string? clientId = null) =>
        (await Idp.Aws.Idp("DescribeRiskConfiguration", clientId is null ? new { UserPoolId = poolId } : new { UserPoolId = poolId, ClientId = clientId }))["RiskConfiguration"]!;

    private static string Query(Uri link, string name) =>
        Uri.UnescapeDataString(link.Query.TrimStart('?').Split('&').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..]);

    [GeneratedRegex(@"http://\S+/auth-event-feedback\?\S+")]
    private static partial Regex FeedbackLink();
}
