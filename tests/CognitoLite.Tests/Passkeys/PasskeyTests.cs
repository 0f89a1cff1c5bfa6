using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Passkeys;

public sealed class PasskeyTestsOnPostgres(ManualClockHost<OnPostgres> fixture) : PasskeyContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

public sealed class PasskeyTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : PasskeyContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;

/// <summary>
/// Passkeys over HTTP: StartWebAuthnRegistration / CompleteWebAuthnRegistration with real attestation objects from
/// <see cref="TestAuthenticator"/>, ListWebAuthnCredentials, DeleteWebAuthnCredential, GetUserAuthFactors, and USER_AUTH
/// sign-in with the WEB_AUTHN challenge, and what each refuses: wrong origin, replayed challenge, tampered signature, a
/// counter going backwards, a deleted credential. The host's clock is a ManualClock.
/// </summary>
public abstract class PasskeyContract(ManualClockHost fixture)
{
    /// <summary>An app on localhost (development mode's relying party), as Amplify's sandbox runs.</summary>
    private const string Origin = "http://localhost:3000";
    private const string Flows = """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }""";
    private const string InvalidSession = "Invalid session for the user.";
    private const string NotVerified = "The passkey could not be verified.";

    private readonly IdpFlows _idp = new(fixture.Host);
    private AwsClient Aws => _idp.Aws;

    /// <summary>A pool allowing PASSWORD and WEB_AUTHN (plus what <paramref name="mfaConfig"/> sets), a USER_AUTH client, and a user signed in with a password.</summary>
    private async Task<(TestClient Client, string AccessToken)> SignedIn(string username, string? webAuthnConfig = null, string factors = """["PASSWORD", "WEB_AUTHN"]""")
    {
        var client = await _idp.CreateClient(await _idp.CreatePool($$"""{ "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": {{factors}} } } }"""), Flows);
        if (webAuthnConfig is not null)
            await Aws.Idp("SetUserPoolMfaConfig", JsonNode.Parse($$"""{ "UserPoolId": "{{client.PoolId}}", "WebAuthnConfiguration": {{webAuthnConfig}} }""")!);
        await _idp.ConfirmedUser(client, username);
        return (client, (await _idp.SignIn(client, username))["AccessToken"].Str());
    }

    private Task<JsonNode> Start(string accessToken) => Aws.Idp("StartWebAuthnRegistration", new { AccessToken = accessToken });

    private Task<JsonNode> Complete(string accessToken, JsonObject credential) =>
        Aws.Idp("CompleteWebAuthnRegistration", new JsonObject { ["AccessToken"] = accessToken, ["Credential"] = credential.DeepClone() });

    /// <summary>Start and Complete with this authenticator.</summary>
    private async Task Register(string accessToken, TestAuthenticator authenticator, string format = "none", string origin = Origin) =>
        await Complete(accessToken, authenticator.Register((await Start(accessToken))["CredentialCreationOptions"]!, origin, format));

    private Task<JsonNode> PreferPasskey(TestClient client, string username) =>
        _idp.InitiateAuth(client, "USER_AUTH", new() { ["USERNAME"] = username, ["PREFERRED_CHALLENGE"] = "WEB_AUTHN" });

    private Task<JsonNode> Answer(TestClient client, string? session, string username, JsonObject credential) =>
        Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "WEB_AUTHN",
            Session = session,
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = username, ["CREDENTIAL"] = credential.ToJsonString() },
        });

    private static string Options(JsonNode challenge) => challenge["ChallengeParameters"]!["CREDENTIAL_REQUEST_OPTIONS"].Str();

    private static string Sub(string accessToken) => TestJwt.Claims(accessToken)["sub"]!.GetValue<string>();

    [Fact]
    public async Task A_passkey_is_registered_with_Cognitos_options_and_signs_the_user_in()
    {
        var (client, token) = await SignedIn("ada");
        using var authenticator = new TestAuthenticator();

        var options = (await Start(token))["CredentialCreationOptions"]!;

        Assert.Equal("localhost", options["rp"]!["id"].Str());
        Assert.Equal("localhost", options["rp"]!["name"].Str());
        Assert.Equal(Sub(token), Encoding.UTF8.GetString(TestJwt.FromBase64Url(options["user"]!["id"].Str())));
        Assert.Equal("ada", options["user"]!["name"].Str());
        Assert.Equal("ada", options["user"]!["displayName"].Str());
        Assert.Equal(new[] { -7, -257 }, options["pubKeyCredParams"]!.AsArray().Select(p => p!["alg"]!.GetValue<int>()));
        Assert.All(options["pubKeyCredParams"]!.AsArray(), p => Assert.Equal("public-key", p!["type"].Str()));
        Assert.Equal(60000, options["timeout"]!.GetValue<int>());
        Assert.Empty(options["excludeCredentials"]!.AsArray());
        Assert.Equal("""{"requireResidentKey":true,"residentKey":"required","userVerification":"preferred"}""", options["authenticatorSelection"]!.ToJsonString());
        Assert.Equal(32, TestJwt.FromBase64Url(options["challenge"].Str()).Length);
        Assert.Null(options["attestation"]);

        Assert.Empty((await Complete(token, authenticator.Register(options, Origin))).AsObject());

        var listed = (await Aws.Idp("ListWebAuthnCredentials", new { AccessToken = token }))["Credentials"]!.AsArray();
        var credential = Assert.Single(listed)!;
        Assert.Equal(authenticator.Id, credential["CredentialId"].Str());
        Assert.Equal("Platform passkey", credential["FriendlyCredentialName"].Str());
        Assert.Equal("localhost", credential["RelyingPartyId"].Str());
        Assert.Equal("platform", credential["AuthenticatorAttachment"].Str());
        Assert.Equal(["internal", "hybrid"], credential["AuthenticatorTransports"].Strings());
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), (long)credential["CreatedAt"]!.GetValue<double>());
        // A second registration is told not to create the same passkey again.
        Assert.Equal(new[] { authenticator.Id }, (await Start(token))["CredentialCreationOptions"]!["excludeCredentials"]!.AsArray().Select(c => c!["id"].Str()));

        var factors = await Aws.Idp("GetUserAuthFactors", new { AccessToken = token });
        Assert.Equal("ada", factors["Username"].Str());
        Assert.Equal(["PASSWORD", "WEB_AUTHN"], factors["ConfiguredUserAuthFactors"].Strings());
        Assert.Null(factors["UserMFASettingList"]);

        var challenge = await PreferPasskey(client, "ada");
        Assert.Equal("WEB_AUTHN", challenge["ChallengeName"].Str());
        var requestOptions = JsonNode.Parse(Options(challenge))!;
        Assert.Equal("localhost", requestOptions["rpId"].Str());
        Assert.Equal(60000, requestOptions["timeout"]!.GetValue<int>());
        Assert.Equal("preferred", requestOptions["userVerification"].Str());
        var allowed = Assert.Single(requestOptions["allowCredentials"]!.AsArray())!;
        Assert.Equal(authenticator.Id, allowed["id"].Str());
        Assert.Equal("public-key", allowed["type"].Str());
        Assert.Equal(["internal", "hybrid"], allowed["transports"].Strings());

        var signedIn = await Answer(client, challenge["Session"].Str(), "ada", authenticator.Assert(Options(challenge), Origin));

        var accessToken = signedIn["AuthenticationResult"]!["AccessToken"].Str();
        Assert.Equal("ada", TestJwt.Claims(accessToken)["username"]!.GetValue<string>());
        Assert.NotNull(signedIn["AuthenticationResult"]!["RefreshToken"]);
    }

    [Fact]
    public async Task Without_a_preference_a_user_with_a_passkey_may_choose_WEB_AUTHN()
    {
        var (client, token) = await SignedIn("ben");
        Assert.Equal(["PASSWORD", "PASSWORD_SRP"], (await _idp.InitiateAuth(client, "USER_AUTH", new() { ["USERNAME"] = "ben" }))["AvailableChallenges"].Strings());
        // A preferred WEB_AUTHN the user cannot answer yet is no error: the user is asked to choose.
        Assert.Equal("SELECT_CHALLENGE", (await PreferPasskey(client, "ben"))["ChallengeName"].Str());
        using var authenticator = new TestAuthenticator();
        await Register(token, authenticator);

        var select = await _idp.InitiateAuth(client, "USER_AUTH", new() { ["USERNAME"] = "ben" });
        Assert.Equal(["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"], select["AvailableChallenges"].Strings());
        var challenge = await Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "SELECT_CHALLENGE",
            Session = select["Session"].Str(),
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "ben", ["ANSWER"] = "WEB_AUTHN" },
        });

        // Amplify's confirmSignIn({ challengeResponse: 'WEB_AUTHN' }): the WEB_AUTHN challenge, in a new session.
        Assert.Equal("WEB_AUTHN", challenge["ChallengeName"].Str());
        Assert.NotEqual(select["Session"].Str(), challenge["Session"].Str());
        Assert.Equal(authenticator.Id, Assert.Single(JsonNode.Parse(Options(challenge))!["allowCredentials"]!.AsArray())!["id"].Str());
        var signedIn = await Answer(client, challenge["Session"].Str(), "ben", authenticator.Assert(Options(challenge), Origin));
        Assert.NotNull(signedIn["AuthenticationResult"]!["IdToken"]);
    }

    [Fact]
    public async Task The_documented_one_step_answer_to_SELECT_CHALLENGE_is_refused_for_want_of_a_challenge()
    {
        var (client, token) = await SignedIn("bea");
        using var authenticator = new TestAuthenticator();
        await Register(token, authenticator);
        var select = await _idp.InitiateAuth(client, "USER_AUTH", new() { ["USERNAME"] = "bea" });
        Assert.Empty(select["ChallengeParameters"]!.AsObject());
        // The only challenges a passkey can sign are those of WEB_AUTHN challenges, each bound to its own session.
        var elsewhere = await PreferPasskey(client, "bea");
        Task<JsonNode> Choose(Dictionary<string, string> responses) => Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id,
            ChallengeName = "SELECT_CHALLENGE",
            Session = select["Session"].Str(),
            ChallengeResponses = responses,
        });

        await IdpFlows.Refused("NotAuthorizedException", () => Choose(new()
        {
            ["USERNAME"] = "bea",
            ["ANSWER"] = "WEB_AUTHN",
            ["CREDENTIAL"] = authenticator.Assert(Options(elsewhere), Origin).ToJsonString(),
        }), NotVerified);

        // The choice is used up, as by a wrong password.
        await IdpFlows.Refused("NotAuthorizedException", () => Choose(new() { ["USERNAME"] = "bea", ["ANSWER"] = "WEB_AUTHN" }), InvalidSession);
        Assert.NotNull((await Answer(client, elsewhere["Session"].Str(), "bea", authenticator.Assert(Options(elsewhere), Origin)))["AuthenticationResult"]);
    }

    [Fact]
    public async Task Malformed_credentials_are_the_clients_error_never_the_servers()
    {
        var (client, token) = await SignedIn("max");
        using var authenticator = new TestAuthenticator();
        static string Base64Url(string text) => TestJwt.Base64Url(Encoding.UTF8.GetBytes(text));

        Func<JsonObject, JsonObject>[] spoiledRegistrations =
        [
            c => { c["response"]!["attestationObject"] = "AAAA"; return c; },
            c => { c["response"]!["attestationObject"] = TestJwt.Base64Url([0x01]); return c; },
            c => { c["response"]!["clientDataJSON"] = Base64Url("""{"type":"webauthn.create","challenge":5}"""); return c; },
            c => { c["response"]!["clientDataJSON"] = Base64Url("not json"); return c; },
            c => { c["response"]!.AsObject().Remove("clientDataJSON"); return c; },
            c => { c["response"] = null; return c; },
            c => { c["rawId"] = "!!!"; return c; },
            c => { c["type"] = "password"; return c; },
        ];
        foreach (var spoil in spoiledRegistrations)
        {
            var credential = spoil(authenticator.Register((await Start(token))["CredentialCreationOptions"]!, Origin));
            await IdpFlows.Refused("InvalidParameterException", () => Complete(token, credential));
        }
        await Register(token, authenticator);

        Func<JsonObject, JsonObject>[] spoiledAssertions =
        [
            a => { a["response"]!["authenticatorData"] = TestJwt.Base64Url(new byte[10]); return a; },
            a => { a["response"]!["signature"] = "AAAA"; return a; },
            a => { a["response"]!["userHandle"] = Base64Url("someone else"); return a; },
            a => { a["response"]!["clientDataJSON"] = Base64Url("""{"type":"webauthn.create","challenge":"x","origin":"http://localhost:3000"}"""); return a; },
        ];
        foreach (var spoil in spoiledAssertions)
        {
            var challenge = await PreferPasskey(client, "max");
            var assertion = spoil(authenticator.Assert(Options(challenge), Origin));
            await IdpFlows.Refused("NotAuthorizedException", () => Answer(client, challenge["Session"].Str(), "max", assertion), NotVerified);
        }
        foreach (var unreadable in new[] { "{", "[]", "null", """{"id":"eA","rawId":"!!!","type":"public-key","response":{}}""", """{"id":"eA","rawId":"eA","type":"password","response":{}}""" })
        {
            var challenge = await PreferPasskey(client, "max");
            await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("RespondToAuthChallenge", new
            {
                ClientId = client.Id,
                ChallengeName = "WEB_AUTHN",
                Session = challenge["Session"].Str(),
                ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "max", ["CREDENTIAL"] = unreadable },
            }));
        }

        var last = await PreferPasskey(client, "max");
        Assert.NotNull((await Answer(client, last["Session"].Str(), "max", authenticator.Assert(Options(last), Origin)))["AuthenticationResult"]);
    }

    [Fact]
    public async Task Packed_self_attestation_is_verified_and_a_forged_one_refused()
    {
        var (_, token) = await SignedIn("cy");
        using var authenticator = new TestAuthenticator();
        using var forger = new TestAuthenticator();

        await Register(token, authenticator, format: "packed");

        // The attestation signature is over the authenticator data and client data; change one byte of the signed challenge.
        var options = (await Start(token))["CredentialCreationOptions"]!;
        var forged = forger.Register(options, Origin, "packed");
        var attestation = TestJwt.FromBase64Url(forged["response"]!["attestationObject"].Str());
        attestation[^1] ^= 0x01;
        forged["response"]!["attestationObject"] = TestJwt.Base64Url(attestation);
        await IdpFlows.Refused("InvalidParameterException", () => Complete(token, forged));
        Assert.Single((await Aws.Idp("ListWebAuthnCredentials", new { AccessToken = token }))["Credentials"]!.AsArray());
    }

    [Fact]
    public async Task A_credential_from_an_origin_outside_the_relying_party_is_refused()
    {
        var (client, token) = await SignedIn("dot");
        using var authenticator = new TestAuthenticator();

        await IdpFlows.Refused("WebAuthnOriginNotAllowedException",
            async () => await Register(token, authenticator, origin: "https://evil.example"),
            "The origin https://evil.example is not allowed for the relying party localhost.");
        await IdpFlows.Refused("WebAuthnOriginNotAllowedException", async () => await Register(token, authenticator, origin: "http://localhost.evil.example:3000"));

        await Register(token, authenticator);
        var challenge = await PreferPasskey(client, "dot");
        await IdpFlows.Refused("NotAuthorizedException",
            () => Answer(client, challenge["Session"].Str(), "dot", authenticator.Assert(Options(challenge), "https://evil.example")), NotVerified);
    }

    [Fact]
    public async Task A_challenge_is_used_once()
    {
        var (client, token) = await SignedIn("eve");
        using var authenticator = new TestAuthenticator();
        var registration = authenticator.Register((await Start(token))["CredentialCreationOptions"]!, Origin);
        await Complete(token, registration);

        await IdpFlows.Refused("WebAuthnChallengeNotFoundException", () => Complete(token, registration));

        var challenge = await PreferPasskey(client, "eve");
        var assertion = authenticator.Assert(Options(challenge), Origin);
        await Answer(client, challenge["Session"].Str(), "eve", assertion);
        // The same answer again: the session is gone; under a new session, the old challenge is not the one asked.
        await IdpFlows.Refused("NotAuthorizedException", () => Answer(client, challenge["Session"].Str(), "eve", assertion), InvalidSession);
        var next = await PreferPasskey(client, "eve");
        await IdpFlows.Refused("NotAuthorizedException", () => Answer(client, next["Session"].Str(), "eve", assertion), NotVerified);
    }

    [Fact]
    public async Task A_tampered_assertion_is_refused()
    {
        var (client, token) = await SignedIn("fay");
        using var authenticator = new TestAuthenticator();
        using var stranger = new TestAuthenticator();
        await Register(token, authenticator);

        var challenge = await PreferPasskey(client, "fay");
        var assertion = authenticator.Assert(Options(challenge), Origin);
        var signature = TestJwt.FromBase64Url(assertion["response"]!["signature"].Str());
        signature[^1] ^= 0x01;
        assertion["response"]!["signature"] = TestJwt.Base64Url(signature);
        await IdpFlows.Refused("NotAuthorizedException", () => Answer(client, challenge["Session"].Str(), "fay", assertion), NotVerified);

        // Signed data changed after signing: user verification claimed where the authenticator did not give it.
        challenge = await PreferPasskey(client, "fay");
        var altered = authenticator.Assert(Options(challenge), Origin);
        var data = TestJwt.FromBase64Url(altered["response"]!["authenticatorData"].Str());
        data[32] ^= 0x04;
        altered["response"]!["authenticatorData"] = TestJwt.Base64Url(data);
        await IdpFlows.Refused("NotAuthorizedException", () => Answer(client, challenge["Session"].Str(), "fay", altered), NotVerified);

        // Another key under this credential's id.
        challenge = await PreferPasskey(client, "fay");
        var impostor = stranger.Assert(Options(challenge), Origin);
        impostor["id"] = authenticator.Id;
        impostor["rawId"] = authenticator.Id;
        await IdpFlows.Refused("NotAuthorizedException", () => Answer(client, challenge["Session"].Str(), "fay", impostor), NotVerified);

        challenge = await PreferPasskey(client, "fay");
        Assert.NotNull((await Answer(client, challenge["Session"].Str(), "fay", authenticator.Assert(Options(challenge), Origin)))["AuthenticationResult"]);
    }

    [Fact]
    public async Task A_signature_counter_that_does_not_move_forward_is_refused()
    {
        var (client, token) = await SignedIn("gus");
        using var authenticator = new TestAuthenticator { Counter = 10 };
        await Register(token, authenticator);

        var challenge = await PreferPasskey(client, "gus");
        await Answer(client, challenge["Session"].Str(), "gus", authenticator.AssertAt(Options(challenge), Origin, 15));

        foreach (var counter in new uint[] { 15, 14, 0 })
        {
            challenge = await PreferPasskey(client, "gus");
            await IdpFlows.Refused("NotAuthorizedException",
                () => Answer(client, challenge["Session"].Str(), "gus", authenticator.AssertAt(Options(challenge), Origin, counter)), NotVerified);
        }
        challenge = await PreferPasskey(client, "gus");
        Assert.NotNull((await Answer(client, challenge["Session"].Str(), "gus", authenticator.AssertAt(Options(challenge), Origin, 16)))["AuthenticationResult"]);
    }

    [Fact]
    public async Task A_deleted_credential_no_longer_signs_in()
    {
        var (client, token) = await SignedIn("hal");
        using var authenticator = new TestAuthenticator();
        await Register(token, authenticator);
        var challenge = await PreferPasskey(client, "hal");

        Assert.Empty((await Aws.Idp("DeleteWebAuthnCredential", new { AccessToken = token, CredentialId = authenticator.Id })).AsObject());

        await IdpFlows.Refused("ResourceNotFoundException",
            () => Aws.Idp("DeleteWebAuthnCredential", new { AccessToken = token, CredentialId = authenticator.Id }), "Credential does not exist.");
        Assert.Empty((await Aws.Idp("ListWebAuthnCredentials", new { AccessToken = token }))["Credentials"]!.AsArray());
        await IdpFlows.Refused("NotAuthorizedException",
            () => Answer(client, challenge["Session"].Str(), "hal", authenticator.Assert(Options(challenge), Origin)), NotVerified);
        Assert.Equal("SELECT_CHALLENGE", (await PreferPasskey(client, "hal"))["ChallengeName"].Str());
        Assert.Equal(["PASSWORD"], (await Aws.Idp("GetUserAuthFactors", new { AccessToken = token }))["ConfiguredUserAuthFactors"].Strings());
    }

    [Fact]
    public async Task Registration_needs_the_pools_consent_a_live_challenge_and_the_same_client()
    {
        var (passwordOnly, token) = await SignedIn("ian", factors: """["PASSWORD"]""");
        await IdpFlows.Refused("WebAuthnNotEnabledException", () => Start(token));
        Assert.NotNull(passwordOnly);

        var (client, ivy) = await SignedIn("ivy");
        using var authenticator = new TestAuthenticator();
        var options = (await Start(ivy))["CredentialCreationOptions"]!;
        var other = await _idp.CreateClient(client.PoolId, Flows);
        var otherToken = (await _idp.SignIn(other, "ivy"))["AccessToken"].Str();
        await IdpFlows.Refused("WebAuthnClientMismatchException", () => Complete(otherToken, authenticator.Register(options, Origin)));

        options = (await Start(ivy))["CredentialCreationOptions"]!;
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        await IdpFlows.Refused("WebAuthnChallengeNotFoundException", () => Complete(ivy, authenticator.Register(options, Origin)));

        options = (await Start(ivy))["CredentialCreationOptions"]!;
        await IdpFlows.Refused("WebAuthnRelyingPartyMismatchException", () => Complete(ivy, authenticator.Register(options, Origin, rpId: "example.com")));
        await IdpFlows.Refused("InvalidParameterException", () => Complete(ivy, new JsonObject { ["id"] = "x" }));
    }

    [Fact]
    public async Task The_pools_relying_party_id_and_user_verification_are_used()
    {
        var (client, token) = await SignedIn("jo", """{ "RelyingPartyId": "example.com", "UserVerification": "required" }""");
        var config = await Aws.Idp("GetUserPoolMfaConfig", new { UserPoolId = client.PoolId });
        Assert.Equal("""{"RelyingPartyId":"example.com","UserVerification":"required"}""", config["WebAuthnConfiguration"]!.ToJsonString());

        var options = (await Start(token))["CredentialCreationOptions"]!;
        Assert.Equal("example.com", options["rp"]!["id"].Str());
        Assert.Equal("required", options["authenticatorSelection"]!["userVerification"].Str());
        using var withoutVerification = new TestAuthenticator { Verifies = false };
        await IdpFlows.Refused("WebAuthnCredentialNotSupportedException", () => Complete(token, withoutVerification.Register(options, "https://app.example.com")));
        // localhost is not example.com's.
        options = (await Start(token))["CredentialCreationOptions"]!;
        using var authenticator = new TestAuthenticator();
        await IdpFlows.Refused("WebAuthnOriginNotAllowedException", () => Complete(token, authenticator.Register(options, Origin)));

        await Register(token, authenticator, origin: "https://app.example.com");
        var challenge = await PreferPasskey(client, "jo");
        Assert.Equal("required", JsonNode.Parse(Options(challenge))!["userVerification"].Str());
        Assert.NotNull((await Answer(client, challenge["Session"].Str(), "jo", authenticator.Assert(Options(challenge), "https://example.com")))["AuthenticationResult"]);
    }

    [Fact]
    public async Task With_MFA_on_only_a_passkey_that_verifies_its_user_counts_as_both_factors()
    {
        var (client, token) = await SignedIn("lou");
        using var verifying = new TestAuthenticator();
        using var presenceOnly = new TestAuthenticator { Verifies = false };
        await Register(token, verifying);
        await Register(token, presenceOnly);
        JsonNode MfaOn(string? webAuthn) => JsonNode.Parse($$"""
            { "UserPoolId": "{{client.PoolId}}", "MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": { "Enabled": true }{{(webAuthn is null ? "" : $", \"WebAuthnConfiguration\": {webAuthn}")}} }
            """)!;

        await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("SetUserPoolMfaConfig", MfaOn(null)),
            "WEB_AUTHN cannot be used as an auth factor when MFA is enabled if not configured for MFA.");
        await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("UpdateUserPool", JsonNode.Parse($$"""
            { "UserPoolId": "{{client.PoolId}}", "MfaConfiguration": "ON", "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"] } } }
            """)!), "WEB_AUTHN cannot be used as an auth factor when MFA is enabled if not configured for MFA.");
        await Aws.Idp("SetUserPoolMfaConfig", MfaOn("""{ "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION" }"""));

        var challenge = await PreferPasskey(client, "lou");
        Assert.NotNull((await Answer(client, challenge["Session"].Str(), "lou", verifying.Assert(Options(challenge), Origin)))["AuthenticationResult"]);
        // Without user verification the passkey is the first factor only: the pool's MFA follows (here, setting it up).
        challenge = await PreferPasskey(client, "lou");
        Assert.Equal("MFA_SETUP", (await Answer(client, challenge["Session"].Str(), "lou", presenceOnly.Assert(Options(challenge), Origin)))["ChallengeName"].Str());
    }

    [Fact]
    public async Task A_user_has_at_most_twenty_passkeys_however_many_registrations_were_started()
    {
        var (_, token) = await SignedIn("liz");
        var authenticators = Enumerable.Range(0, 21).Select(_ => new TestAuthenticator()).ToList();
        foreach (var authenticator in authenticators.Take(19)) await Register(token, authenticator);
        var started = new[] { await Start(token), await Start(token) };

        await Complete(token, authenticators[19].Register(started[0]["CredentialCreationOptions"]!, Origin));

        await IdpFlows.Refused("LimitExceededException", () => Complete(token, authenticators[20].Register(started[1]["CredentialCreationOptions"]!, Origin)),
            "A user can have at most 20 passkeys.");
        await IdpFlows.Refused("LimitExceededException", () => Start(token));
        Assert.Equal(20, (await Aws.Idp("ListWebAuthnCredentials", new { AccessToken = token }))["Credentials"]!.AsArray().Count);
        authenticators.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task Registrations_never_completed_are_cleared_once_expired()
    {
        var (client, token) = await SignedIn("ned");
        async Task<long> Pending() => Convert.ToInt64(await _idp.Scalar(
            """SELECT count(*) FROM "AuthSessions" WHERE "ClientId" = @client AND "ChallengeName" = 'WEB_AUTHN_REGISTRATION'""", ("client", client.Id)));
        await Start(token);
        await Start(token);
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));

        await Start(token);

        Assert.Equal(1, await Pending());
    }

    [Fact]
    public async Task Credentials_are_listed_a_page_at_a_time()
    {
        var (_, token) = await SignedIn("kim");
        var authenticators = Enumerable.Range(0, 3).Select(_ => new TestAuthenticator()).ToList();
        foreach (var authenticator in authenticators) await Register(token, authenticator);

        var first = await Aws.Idp("ListWebAuthnCredentials", new { AccessToken = token, MaxResults = 2 });
        var second = await Aws.Idp("ListWebAuthnCredentials", new { AccessToken = token, MaxResults = 2, NextToken = first["NextToken"].Str() });

        Assert.Equal(2, first["Credentials"]!.AsArray().Count);
        Assert.Null(second["NextToken"]);
        Assert.Equal(authenticators.Select(a => a.Id).Order(StringComparer.Ordinal),
            first["Credentials"]!.AsArray().Concat(second["Credentials"]!.AsArray()).Select(c => c!["CredentialId"].Str()));
        await IdpFlows.Refused("InvalidParameterException", () => Aws.Idp("ListWebAuthnCredentials", new { AccessToken = token, MaxResults = 21 }));
        authenticators.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task An_unknown_user_gets_a_challenge_whose_every_assertion_is_refused_when_the_client_hides_users()
    {
        var pool = await _idp.CreatePool("""{ "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"] } } }""");
        var client = await _idp.CreateClient(pool, """{ "ExplicitAuthFlows": ["ALLOW_USER_AUTH"], "PreventUserExistenceErrors": "ENABLED" }""");
        using var authenticator = new TestAuthenticator();

        // As users without a passkey are, some unknown names are not offered WEB_AUTHN (Auth/UserExistenceTests has those).
        JsonNode challenge = null!;
        var name = "";
        for (var i = 0; i < 64 && challenge?["ChallengeName"].Str() != "WEB_AUTHN"; i++) challenge = await PreferPasskey(client, name = $"nobody{i}");

        Assert.Equal("WEB_AUTHN", challenge["ChallengeName"].Str());
        Assert.NotEmpty(JsonNode.Parse(Options(challenge))!["allowCredentials"]!.AsArray());
        await IdpFlows.Refused("NotAuthorizedException", () => Answer(client, challenge["Session"].Str(), name, authenticator.Assert(Options(challenge), Origin)), NotVerified);
    }
}
