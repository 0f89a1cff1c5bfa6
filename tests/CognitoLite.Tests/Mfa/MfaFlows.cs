using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using OtpNet;

namespace CognitoLite.Tests.Mfa;

/// <summary>The steps MFA tests repeat: pools with an MFA configuration, users with a phone, an authenticator app
/// computing codes on the host's clock, and challenge answers.</summary>
internal sealed class MfaFlows(ManualClockHost fixture)
{
    // SetUserPoolMfaConfig bodies; Pool() adds the pool id and the MfaConfiguration mode.
    public const string Totp = """{ "SoftwareTokenMfaConfiguration": { "Enabled": true } }""";
    public const string Sms = """{ "SmsMfaConfiguration": { "SmsAuthenticationMessage": "Your sign-in code is {####}" } }""";
    public const string Email = """{ "EmailMfaConfiguration": { "Message": "Sign in with {####}", "Subject": "Your sign-in code" } }""";
    public const string All = """
        {
          "SmsMfaConfiguration": { "SmsAuthenticationMessage": "Your sign-in code is {####}" },
          "SoftwareTokenMfaConfiguration": { "Enabled": true },
          "EmailMfaConfiguration": { "Message": "Sign in with {####}" }
        }
        """;
    public const string Phone = "+15555550123";

    public IdpFlows Idp { get; } = new(fixture.Host);

    public ManualClock Clock => fixture.Clock;

    /// <summary>A pool with this MFA configuration (SetUserPoolMfaConfig) and a client for the password, SRP and refresh flows.</summary>
    public async Task<TestClient> Pool(string mfaConfigJson, string mode = "OPTIONAL")
    {
        var client = await Idp.CreatePoolAndClient(clientSettingsJson: """
            { "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }
            """);
        var config = JsonNode.Parse(mfaConfigJson)!.AsObject();
        config["UserPoolId"] = client.PoolId;
        config["MfaConfiguration"] = mode;
        await Idp.Aws.Idp("SetUserPoolMfaConfig", config.ToJsonString());
        return client;
    }

    /// <summary>A confirmed user with an email and, unless told otherwise, a phone number.</summary>
    public async Task User(TestClient client, string username, bool phone = true)
    {
        var attributes = new List<(string, string)> { ("email", username + "@example.com") };
        if (phone) attributes.Add(("phone_number", Phone));
        await Idp.SignUp(client, username, IdpFlows.Password, [.. attributes]);
        await Idp.AdminConfirmSignUp(client.PoolId, username);
    }

    public Task<JsonNode> AdminPreference(TestClient client, string username, string settingsJson)
    {
        var body = JsonNode.Parse(settingsJson)!.AsObject();
        body["UserPoolId"] = client.PoolId;
        body["Username"] = username;
        return Idp.Aws.Idp("AdminSetUserMFAPreference", body.ToJsonString());
    }

    public Task<JsonNode> Preference(string accessToken, string settingsJson)
    {
        var body = JsonNode.Parse(settingsJson)!.AsObject();
        body["AccessToken"] = accessToken;
        return Idp.Aws.Idp("SetUserMFAPreference", body.ToJsonString());
    }

    /// <summary>What an authenticator app shows now (or <paramref name="steps"/> 30-second steps away) on the host's clock.</summary>
    public string Code(string secret, int steps = 0) =>
        new OtpNet.Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(Clock.GetUtcNow().UtcDateTime.AddSeconds(30 * steps));

    /// <summary>A well-formed code that is none of the app's codes in the accepted window.</summary>
    public string WrongCode(string secret)
    {
        var good = new[] { -1, 0, 1 }.Select(steps => Code(secret, steps)).ToHashSet();
        return Enumerable.Range(0, 4).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(code => !good.Contains(code));
    }

    /// <summary>A six-digit code other than <paramref name="code"/>.</summary>
    public static string Other(string code) => code == "000000" ? "000001" : "000000";

    /// <summary>Signs in (no MFA yet), associates and verifies an authenticator app with the access token; returns the secret.
    /// The clock moves on a step, so the next code is not the one that verified the app.</summary>
    public async Task<string> AuthenticatorApp(TestClient client, string username)
    {
        var accessToken = (await Idp.SignIn(client, username))["AccessToken"].Str();
        var secret = (await Idp.Aws.Idp("AssociateSoftwareToken", new { AccessToken = accessToken }))["SecretCode"].Str();
        var verified = await Idp.Aws.Idp("VerifySoftwareToken", new { AccessToken = accessToken, UserCode = Code(secret), FriendlyDeviceName = "phone app" });
        Assert.Equal("SUCCESS", verified["Status"].Str());
        Clock.Advance(TimeSpan.FromSeconds(30));
        return secret;
    }

    public Task<JsonNode> Respond(TestClient client, string challenge, string? session, Dictionary<string, string> responses) =>
        Idp.Aws.Idp("RespondToAuthChallenge", new { ClientId = client.Id, ChallengeName = challenge, Session = session, ChallengeResponses = responses });

    /// <summary>The last message the user was sent (an SMS_MFA or EMAIL_OTP code, in these tests).</summary>
    public async Task<JsonNode> LastMessage(TestClient client, string username) => (await Idp.Messages(client.PoolId, username))[^1]!;
}
