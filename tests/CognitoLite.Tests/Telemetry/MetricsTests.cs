using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Credentials;
using CognitoLite.Tests.Infrastructure;
using CognitoLite.Tests.Triggers;

namespace CognitoLite.Tests.Telemetry;

/// <summary>The development host with a Lambda stand-in, and a lockout that comes after two wrong passwords and lasts.</summary>
public sealed class MetricsHost : TriggerHost
{
    public override Store Store => Store.Sqlite;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["CognitoLite:Lockout:MaxFailedAttempts"] = "2",
        ["CognitoLite:Lockout:FirstLockout"] = "01:00:00",
    };
}

/// <summary>GET /metrics in development mode (on by default): what CognitoLite counts, in Prometheus text, by pool.</summary>
public sealed class MetricsTests(MetricsHost fixture) : IClassFixture<MetricsHost>
{
    private const string WrongPassword = "Wrong-passw0rd";
    private readonly IdpFlows _idp = new(fixture.Host);

    private async Task<PrometheusText> Scrape()
    {
        using var response = await fixture.Host.CreateClient().GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_ups_sign_ins_tokens_and_lockouts_are_counted_by_pool()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "alice");
        await _idp.ConfirmedUser(client, "bob");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "alice", WrongPassword));
        var tokens = await _idp.SignIn(client, "alice");
        await _idp.Refresh(client, tokens["RefreshToken"].Str());
        // The second wrong password locks bob out: the third attempt is refused, right password or not.
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "bob", WrongPassword));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "bob", WrongPassword));
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "bob"), "Password attempts exceeded");

        var metrics = await Scrape();

        var pool = ("pool", client.PoolId);
        Assert.Equal(2, metrics.Value("cognitolite_sign_ups_total", pool));
        Assert.Equal(1, metrics.Value("cognitolite_sign_ins_total", pool, ("result", "success")));
        Assert.Equal(4, metrics.Value("cognitolite_sign_ins_total", pool, ("result", "NotAuthorizedException")));
        Assert.Equal(1, metrics.Value("cognitolite_tokens_issued_total", pool, ("grant", "sign_in")));
        Assert.Equal(1, metrics.Value("cognitolite_tokens_issued_total", pool, ("grant", "refresh_token")));
        Assert.Equal(1, metrics.Value("cognitolite_lockouts_total", pool));
    }

    [Fact]
    public async Task MFA_code_answers_are_counted_by_type_and_result()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.Aws.Idp("SetUserPoolMfaConfig", new { UserPoolId = client.PoolId, MfaConfiguration = "OPTIONAL", EmailMfaConfiguration = new { Message = "Sign in with {####}" } });
        await _idp.ConfirmedUser(client, "carol", "carol@example.com");
        await _idp.Aws.Idp("AdminSetUserMFAPreference", new { UserPoolId = client.PoolId, Username = "carol", EmailMfaSettings = new { Enabled = true } });
        var session = (await _idp.PasswordAuth(client, "carol"))["Session"].Str();
        var code = await _idp.LatestCode(client.PoolId, "carol");
        Task<JsonNode> Respond(string given) => _idp.Aws.Idp("RespondToAuthChallenge", new
        {
            ClientId = client.Id, ChallengeName = "EMAIL_OTP", Session = session,
            ChallengeResponses = new Dictionary<string, string> { ["USERNAME"] = "carol", ["EMAIL_OTP_CODE"] = given },
        });

        await IdpFlows.Refused("CodeMismatchException", () => Respond(code == "000000" ? "000001" : "000000"));
        await Respond(code);
        var metrics = await Scrape();

        var pool = ("pool", client.PoolId);
        Assert.Equal(1, metrics.Value("cognitolite_mfa_challenges_total", pool, ("type", "EMAIL_OTP"), ("result", "CodeMismatchException")));
        Assert.Equal(1, metrics.Value("cognitolite_mfa_challenges_total", pool, ("type", "EMAIL_OTP"), ("result", "success")));
        Assert.Equal(1, metrics.Value("cognitolite_sign_ins_total", pool, ("result", "CodeMismatchException")));
        Assert.Equal(1, metrics.Value("cognitolite_sign_ins_total", pool, ("result", "success")));
    }

    [Fact]
    public async Task Trigger_calls_are_counted_and_timed_by_trigger_and_result()
    {
        fixture.Lambda.Program(TriggerHost.Hook, Answer.Returns());
        var client = await _idp.CreateClient(await _idp.CreatePool($$"""{ "LambdaConfig": { "PreSignUp": "{{LambdaStandIn.Arn(TriggerHost.Hook)}}" } }"""));

        await _idp.SignUp(client, "dave");
        var metrics = await Scrape();

        // Trigger metrics are not by pool, and the meter is the process's: other hosts of this test run may add to them.
        Assert.True(metrics.Value("cognitolite_trigger_invocations_total", ("trigger", "PreSignUp"), ("result", "success")) >= 1);
        Assert.True(metrics.Value("cognitolite_trigger_duration_seconds_count", ("trigger", "PreSignUp")) >= 1);
        Assert.True(metrics.Value("cognitolite_trigger_duration_seconds_bucket", ("trigger", "PreSignUp"), ("le", "+Inf")) >= 1);
    }
}

/// <summary>Production mode serves no /metrics unless CognitoLite:Metrics:Enabled says so.</summary>
public sealed class ProductionMetricsTests(ProductionHost<OnSqlite> fixture) : IClassFixture<ProductionHost<OnSqlite>>
{
    [Fact]
    public async Task Production_mode_without_the_opt_in_has_no_metrics()
    {
        using var response = await fixture.Host.CreateClient().GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException:", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }
}

/// <summary>
/// The server process in production mode with metrics on at an address of their own. A process of its own: in a process
/// that hosts several servers, ASP.NET Core's request metrics stop when one of them stops (disposing a Meter ends the
/// OpenTelemetry streams of every Meter of that name), and this test reads them.
/// </summary>
public sealed class MetricsPortTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-metrics-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task With_a_metrics_url_only_its_port_answers_metrics_with_the_request_durations_and_it_answers_nothing_else()
    {
        var (apiPort, metricsPort) = (ServerProcess.FreePort(), ServerProcess.FreePort());
        await using var server = await ServerProcess.Start(_folder,
            "--urls", $"http://127.0.0.1:{apiPort}", "--mode", "production", "--data-dir", Path.Combine(_folder, "data"),
            "--CognitoLite:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            "--CognitoLite:AdminCredentials:0:AccessKeyId", ProductionHost.AccessKeyId, "--CognitoLite:AdminCredentials:0:SecretAccessKey", ProductionHost.SecretAccessKey,
            "--CognitoLite:Metrics:Enabled", "true", "--CognitoLite:Metrics:Url", $"http://127.0.0.1:{metricsPort}");
        using var http = new HttpClient();
        var (api, metrics) = (new Uri($"http://127.0.0.1:{apiPort}/"), new Uri($"http://127.0.0.1:{metricsPort}/"));

        using var health = await http.GetAsync(new Uri(api, "health/live"));
        using var metricsOnApiPort = await http.GetAsync(new Uri(api, "metrics"));
        using var apiOnMetricsPort = await http.GetAsync(new Uri(metrics, "health/live"));
        // A request's duration is recorded once its answer has gone out: scrape until it is there.
        PrometheusText scraped;
        var scrapes = 0;
        do
        {
            scraped = new PrometheusText(await http.GetStringAsync(new Uri(metrics, "metrics")));
        }
        while (scraped.Value("http_server_request_duration_seconds_count", ("http_route", "/health/live")) == 0 && ++scrapes < 100);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, metricsOnApiPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiOnMetricsPort.StatusCode);
        Assert.Equal(1, scraped.Value("http_server_request_duration_seconds_count", ("http_route", "/health/live"), ("http_response_status_code", "200")));
    }
}
