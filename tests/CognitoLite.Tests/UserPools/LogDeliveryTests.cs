using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Infrastructure;
using Xunit.Sdk;

namespace CognitoLite.Tests.UserPools;

/// <summary>A host whose log destinations are files in a folder of its own, and whose SMTP server refuses every connection.</summary>
public sealed class LogDeliveryHost<TStore> : HostFixture where TStore : IStoreChoice
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("cognitolite-logs-").FullName;

    public override Store Store => TStore.Store;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CognitoLite:LogDelivery:Destination"] = Folder,
        ["CognitoLite:Smtp:Host"] = "127.0.0.1",
        ["CognitoLite:Smtp:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CognitoLite:Smtp:Security"] = "none",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class LogDeliveryTestsOnPostgres(LogDeliveryHost<OnPostgres> fixture) : LogDeliveryContract(fixture, fixture.Folder), IClassFixture<LogDeliveryHost<OnPostgres>>;

public sealed class LogDeliveryTestsOnSqlite(LogDeliveryHost<OnSqlite> fixture) : LogDeliveryContract(fixture, fixture.Folder), IClassFixture<LogDeliveryHost<OnSqlite>>;

/// <summary>Set/GetLogDeliveryConfiguration, and the logs written to the configured destinations (local files).</summary>
public abstract class LogDeliveryContract(HostFixture fixture, string folder)
{
    private const string LogGroup = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/notifications";
    private const string Bucket = "arn:aws:s3:::cognito-activity";

    private readonly IdpFlows _idp = new(fixture.Host);

    private AwsClient Aws => _idp.Aws;

    private static object Notifications(string arn = LogGroup) =>
        new { LogLevel = "ERROR", EventSource = "userNotification", CloudWatchLogsConfiguration = new { LogGroupArn = arn } };

    private static object AuthEventsToFirehose(string stream) =>
        new { LogLevel = "INFO", EventSource = "userAuthEvents", FirehoseConfiguration = new { StreamArn = $"arn:aws:firehose:us-east-1:123456789012:deliverystream/{stream}" } };

    private Task<JsonNode> Set(string poolId, params object[] configurations) =>
        Aws.Idp("SetLogDeliveryConfiguration", new { UserPoolId = poolId, LogConfigurations = configurations });

    [Fact]
    public async Task The_configuration_is_stored_and_returned_as_given()
    {
        var poolId = await _idp.CreatePool("""{ "UserPoolTier": "PLUS" }""");
        Assert.Equal($$$"""{"LogDeliveryConfiguration":{"UserPoolId":"{{{poolId}}}","LogConfigurations":[]}}""",
            (await Aws.Idp("GetLogDeliveryConfiguration", new { UserPoolId = poolId })).ToJsonString());

        var set = await Set(poolId, Notifications(), new { LogLevel = "INFO", EventSource = "userAuthEvents", S3Configuration = new { BucketArn = Bucket } });

        var expected = $$"""
            { "LogDeliveryConfiguration": { "UserPoolId": "{{poolId}}", "LogConfigurations": [
                { "LogLevel": "ERROR", "EventSource": "userNotification", "CloudWatchLogsConfiguration": { "LogGroupArn": "{{LogGroup}}" } },
                { "LogLevel": "INFO", "EventSource": "userAuthEvents", "S3Configuration": { "BucketArn": "{{Bucket}}" } } ] } }
            """;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), set), set.ToJsonString());
        Assert.True(JsonNode.DeepEquals(set, await Aws.Idp("GetLogDeliveryConfiguration", new { UserPoolId = poolId })));

        await Set(poolId);
        Assert.Empty((await Aws.Idp("GetLogDeliveryConfiguration", new { UserPoolId = poolId }))["LogDeliveryConfiguration"]!["LogConfigurations"]!.AsArray());
    }

    [Fact]
    public async Task Only_the_combinations_AWS_allows_are_accepted()
    {
        var poolId = await _idp.CreatePool("""{ "UserPoolTier": "PLUS" }""");
        var essentials = await _idp.CreatePool();

        await Expect.InvalidParameter(() => Set(poolId, Notifications(), AuthEventsToFirehose("a"), AuthEventsToFirehose("b")));
        await Expect.InvalidParameter(() => Set(poolId, AuthEventsToFirehose("a"), AuthEventsToFirehose("b")));
        await Expect.InvalidParameter(() => Set(poolId, new { LogLevel = "INFO", EventSource = "userNotification", CloudWatchLogsConfiguration = new { LogGroupArn = LogGroup } }));
        await Expect.InvalidParameter(() => Set(poolId, new { LogLevel = "ERROR", EventSource = "userNotification", S3Configuration = new { BucketArn = Bucket } }));
        await Expect.InvalidParameter(() => Set(poolId, new { LogLevel = "ERROR", EventSource = "userAuthEvents", S3Configuration = new { BucketArn = Bucket } }));
        await Expect.InvalidParameter(() => Set(poolId, new { LogLevel = "INFO", EventSource = "userAuthEvents" }));
        await Expect.InvalidParameter(() => Set(poolId, new
        {
            LogLevel = "INFO", EventSource = "userAuthEvents", S3Configuration = new { BucketArn = Bucket }, CloudWatchLogsConfiguration = new { LogGroupArn = LogGroup },
        }));
        await Expect.InvalidParameter(() => Set(poolId, Notifications("arn:aws:firehose:us-east-1:123456789012:deliverystream/not-a-log-group")));
        await Expect.InvalidParameter(() => Set(poolId, new { LogLevel = "WARN", EventSource = "userNotification", CloudWatchLogsConfiguration = new { LogGroupArn = LogGroup } }));
        await Expect.Error("FeatureUnavailableInTierException", HttpStatusCode.BadRequest, () => Set(essentials, AuthEventsToFirehose("a")));
        await Set(essentials, Notifications());
        await Expect.NotFound(() => Aws.Idp("GetLogDeliveryConfiguration", new { UserPoolId = "us-east-1_NoSuchPool" }));
    }

    [Fact]
    public async Task Sign_ins_of_pools_with_threat_protection_on_are_written_to_the_userAuthEvents_destination()
    {
        var stream = "auth-" + Guid.NewGuid().ToString("N")[..8];
        var off = await _idp.CreatePoolAndClient("""{ "UserPoolTier": "PLUS" }""");
        var on = await _idp.CreatePoolAndClient("""{ "UserPoolTier": "PLUS", "UserPoolAddOns": { "AdvancedSecurityMode": "AUDIT" } }""");
        foreach (var client in new[] { off, on })
        {
            await Set(client.PoolId, AuthEventsToFirehose(stream));
            await _idp.AdminConfirmedUser(client.PoolId, "yuri");
        }

        // Events are written in order: the line of the pool with protection on comes after any of the other's.
        await _idp.SignIn(off, "yuri");
        await _idp.SignIn(on, "yuri");
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.PasswordAuth(on, "yuri", "Wrong-Passw0rd!"));

        var lines = await Lines(Path.Combine(folder, "firehose", stream + ".jsonl"), 2);
        Assert.All(lines, line => Expect.Contains($$"""
            { "eventSource": "USER_AUTH_EVENTS", "logLevel": "INFO", "logSourceVersion": "1.0", "userPoolId": "{{on.PoolId}}",
              "message": { "eventType": "SignIn", "userName": "yuri", "clientId": "{{on.Id}}" } }
            """, line));
        Assert.Equal(["Pass", "Fail"], lines.Select(l => l["message"]!["eventResponse"].Str()));
        Assert.Equal("NotAuthorizedException", lines[1]["message"]!["errorType"].Str());
        Assert.True(long.TryParse(lines[0]["eventTimestamp"].Str(), out _));
        Assert.DoesNotContain(lines, line => line.ToJsonString().Contains("Passw0rd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_that_cannot_be_delivered_is_written_to_the_userNotification_log_group()
    {
        var group = "/aws/cognito/" + Guid.NewGuid().ToString("N")[..8];
        var client = await _idp.CreatePoolAndClient();
        await Set(client.PoolId, Notifications("arn:aws:logs:us-east-1:123456789012:log-group:" + group));

        await IdpFlows.Refused("CodeDeliveryFailureException", () => _idp.SignUp(client, "zoe", IdpFlows.Password, ("email", "zoe@example.com")));

        var line = (await Lines(Path.Combine(folder, "cloudwatch", group.Trim('/').Replace('/', '_') + ".jsonl"), 1)).Single();
        Expect.Contains($$"""
            { "eventSource": "USER_NOTIFICATION", "logLevel": "ERROR", "userPoolId": "{{client.PoolId}}",
              "message": { "details": "Unable to deliver the message by email.", "deliveryMedium": "EMAIL", "userName": "zoe" } }
            """, line);
        Assert.NotNull(line["message"]!["messageType"]);
    }

    /// <summary>The file's lines once it has this many (the writer runs in the background: a bounded wait, nothing timed).</summary>
    private static async Task<List<JsonNode>> Lines(string path, int count)
    {
        for (var attempt = 0; attempt < 6000; attempt++)
        {
            if (File.Exists(path))
            {
                var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
                if (lines.Count >= count) return lines.Select(l => JsonNode.Parse(l)!).ToList();
            }
            await Task.Delay(5);
        }
        throw new XunitException($"{path} did not get {count} lines.");
    }
}
