using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Telemetry;

/// <summary>
/// The server process in production mode with `--log-format json`, through a whole user's life: every line it writes is a
/// compact JSON log event, the audit events are there with their ids, and none of the passwords, codes, secrets, sessions
/// or tokens of the run is anywhere in its output. Codes come by email (an SMTP sink), as production mode keeps them out
/// of the log and the outbox.
/// </summary>
public sealed partial class JsonLogTests : IAsyncLifetime
{
    private const string AccessKeyId = "AKIACOGNITOLITELOGS1";
    private const string SecretAccessKey = "json-log-test/secret+access+key/0123456789";
    private const string Email = "alice@example.com";
    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-jsonlog-").FullName;
    private readonly string _encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private SmtpSink Smtp { get; } = new();
    private readonly List<string> _secrets = [SecretAccessKey];

    public Task InitializeAsync()
    {
        _secrets.Add(_encryptionKey);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Smtp.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Remembers a value that must not reach the log, and gives it back.</summary>
    private string Secret(string value)
    {
        _secrets.Add(value);
        return value;
    }

    /// <summary>The code of the latest email to the user (every message of this pool carries one).</summary>
    private string LatestCode() => Secret(Code().Match(Smtp.To(Email)[^1].TextBody!).Value);

    [Fact]
    public async Task Every_line_is_a_JSON_log_event_the_audit_events_are_there_and_no_secret_is()
    {
        var port = ServerProcess.FreePort();
        await using var server = await ServerProcess.Start(_folder,
            "--urls", $"http://127.0.0.1:{port}", "--mode", "production", "--log-format", "json", "--data-dir", Path.Combine(_folder, "data"),
            "--CognitoLite:EncryptionKey", _encryptionKey,
            "--CognitoLite:AdminCredentials:0:AccessKeyId", AccessKeyId, "--CognitoLite:AdminCredentials:0:SecretAccessKey", SecretAccessKey,
            "--CognitoLite:Smtp:Host", "127.0.0.1", "--CognitoLite:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--CognitoLite:Smtp:Security", "none");
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var signer = new SigV4SigningHandler(new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(AccessKeyId, SecretAccessKey), Region = RegionEndpoint.USEast1, Service = "cognito-idp",
        }, new SocketsHttpHandler());
        var admin = new AwsClient(new HttpClient(signer) { BaseAddress = address });
        var aws = new AwsClient(new HttpClient { BaseAddress = address });

        var poolId = (await admin.Idp("CreateUserPool", new { PoolName = "logged", AutoVerifiedAttributes = new[] { "email" } }))["UserPool"]!["Id"].Str();
        await admin.Idp("SetUserPoolMfaConfig", new { UserPoolId = poolId, MfaConfiguration = "OPTIONAL", EmailMfaConfiguration = new { Message = "Sign in with {####}" } });
        var created = (await admin.Idp("CreateUserPoolClient", new
        {
            UserPoolId = poolId, ClientName = "web", GenerateSecret = true, ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
        }))["UserPoolClient"]!;
        var clientId = created["ClientId"].Str();
        var clientSecret = Secret(created["ClientSecret"].Str());
        var secretHash = Secret(IdpFlows.SecretHash(clientSecret, "alice", clientId));
        var (first, changed, reset, wrong) = (Secret("First-passw0rd"), Secret("Changed-passw0rd"), Secret("Reset-passw0rd"), Secret("Wrong-passw0rd"));

        // Sign-up, confirmed with the emailed code.
        var sub = (await aws.Idp("SignUp", new
        {
            ClientId = clientId, SecretHash = secretHash, Username = "alice", Password = first, UserAttributes = new[] { new { Name = "email", Value = Email } },
        }))["UserSub"].Str();
        await aws.Idp("ConfirmSignUp", new { ClientId = clientId, SecretHash = secretHash, Username = "alice", ConfirmationCode = LatestCode() });

        // A wrong password, then the right one.
        Task<JsonNode> PasswordAuth(string password) => aws.Idp("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH", ClientId = clientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "alice", ["PASSWORD"] = password, ["SECRET_HASH"] = secretHash },
        });
        await IdpFlows.Refused("NotAuthorizedException", () => PasswordAuth(wrong));
        var accessToken = Tokens((await PasswordAuth(first))["AuthenticationResult"]!).Access;

        // MFA by email on, a password change, a forgotten password reset with its code.
        await aws.Idp("SetUserMFAPreference", new { AccessToken = accessToken, EmailMfaSettings = new { Enabled = true } });
        await aws.Idp("ChangePassword", new { AccessToken = accessToken, PreviousPassword = first, ProposedPassword = changed });
        await aws.Idp("ForgotPassword", new { ClientId = clientId, SecretHash = secretHash, Username = "alice" });
        await aws.Idp("ConfirmForgotPassword", new { ClientId = clientId, SecretHash = secretHash, Username = "alice", ConfirmationCode = LatestCode(), Password = reset });

        // Signing in now takes the emailed MFA code; then a refresh, a revoked refresh token, a global sign-out, a deleted user.
        var session = Secret((await PasswordAuth(reset))["Session"].Str());
        var signedIn = Tokens((await aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = clientId, ChallengeName = "EMAIL_OTP", Session = session,
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "alice", ["EMAIL_OTP_CODE"] = LatestCode(), ["SECRET_HASH"] = secretHash },
        }))["AuthenticationResult"]!);
        Tokens((await aws.Idp("InitiateAuth", new
        {
            AuthFlow = "REFRESH_TOKEN_AUTH", ClientId = clientId,
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = signedIn.Refresh!, ["SECRET_HASH"] = secretHash },
        }))["AuthenticationResult"]!);
        await aws.Idp("RevokeToken", new { ClientId = clientId, ClientSecret = clientSecret, Token = signedIn.Refresh });
        await admin.Idp("AdminUserGlobalSignOut", new { UserPoolId = poolId, Username = "alice" });
        await admin.Idp("AdminDeleteUser", new { UserPoolId = poolId, Username = "alice" });

        Assert.Equal(0, await server.StopAsync());
        var output = server.Stdout;
        var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => Assert.IsType<JsonObject>(JsonNode.Parse(line))).ToList();

        Assert.All(events, e =>
        {
            Assert.True(e["@t"] is JsonValue, $"No @t: {e}");
            Assert.True(e["@mt"] is JsonValue || e["@m"] is JsonValue, $"No @mt nor @m: {e}");
        });
        Assert.Contains(events, e => e["@mt"]?.GetValue<string>().StartsWith("CognitoLite listening on", StringComparison.Ordinal) == true);
        Assert.Empty(server.Stderr);
        Assert.DoesNotContain(_secrets, secret => Leaked(output, secret));

        var audit = events.Where(e => e["SourceContext"]?.GetValue<string>() == "CognitoLite.Audit").ToList();
        JsonObject Audited(int id, string name) => Assert.Single(audit, e => e["EventId"]!["Id"]!.GetValue<int>() == id && e["EventId"]!["Name"].Str() == name);
        Assert.Equal(sub, Audited(1002, "UserCreated")["Sub"].Str());
        Assert.Equal("NotAuthorizedException", Audited(1001, "SignInFailed")["ErrorType"].Str());
        Assert.Equal(2, audit.Count(e => e["EventId"]!["Id"]!.GetValue<int>() == 1000 && e["Username"].Str() == "alice" && e["ClientId"].Str() == clientId));
        Assert.Equal("EMAIL_OTP", Audited(1006, "MfaEnabled")["Method"].Str());
        Assert.Equal("ChangePassword", Audited(1004, "PasswordChanged")["By"].Str());
        Assert.Equal(poolId, Audited(1005, "PasswordReset")["UserPoolId"].Str());
        Assert.Equal(clientId, Audited(1007, "TokenRevoked")["ClientId"].Str());
        Assert.Equal("alice", Audited(1008, "SignedOutEverywhere")["Username"].Str());
        Assert.Equal("AdminDeleteUser", Audited(1003, "UserDeleted")["By"].Str());
        var adminActions = audit.Where(e => e["EventId"]!["Id"]!.GetValue<int>() == 1009).ToList();
        Assert.Equal(["CreateUserPool", "SetUserPoolMfaConfig", "CreateUserPoolClient", "AdminUserGlobalSignOut", "AdminDeleteUser"], adminActions.Select(e => e["Operation"].Str()));
        Assert.All(adminActions, e => Assert.Equal((AccessKeyId, "success"), (e["AccessKeyId"].Str(), e["Outcome"].Str())));
    }

    [Fact]
    public async Task A_start_up_failure_in_a_JSON_log_is_one_JSON_event_on_standard_error()
    {
        var (exitCode, stdout, stderr) = await ServerProcess.RunToExit(_folder, "--log-format", "json", "--CognitoLite:PasswordHashCost", "abc");

        Assert.Equal(1, exitCode);
        Assert.Empty(stdout);
        var failure = Assert.IsType<JsonObject>(JsonNode.Parse(Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal(("Fatal", "CognitoLite cannot start: {Reason}"), (failure["@l"].Str(), failure["@mt"].Str()));
        Assert.Contains("'CognitoLite:PasswordHashCost'", failure["Reason"].Str(), StringComparison.Ordinal);
    }

    private sealed record TokenSet(string Access, string Id, string? Refresh);

    /// <summary>The tokens of an AuthenticationResult, each remembered as a secret (a JWT's signature on its own too).</summary>
    private TokenSet Tokens(JsonNode result)
    {
        var (access, id, refresh) = (result["AccessToken"].Str(), result["IdToken"].Str(), result["RefreshToken"]?.GetValue<string>());
        foreach (var jwt in new[] { access, id }) Secret(jwt[(jwt.LastIndexOf('.') + 1)..]);
        return new TokenSet(Secret(access), Secret(id), refresh is null ? null : Secret(refresh));
    }

    /// <summary>The secret anywhere in the output; a 6-digit code as a word of its own, as it may be part of a longer number or id by chance.</summary>
    private static bool Leaked(string output, string secret) => secret.Length > 6
        ? output.Contains(secret, StringComparison.Ordinal)
        : Regex.IsMatch(output, $"(?<![0-9A-Za-z]){secret}(?![0-9A-Za-z])");

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex Code();
}
