using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Core;

/// <summary>
/// The logs a pool exports (SetLogDeliveryConfiguration), written where its configuration says, locally: each CloudWatch
/// log group, S3 bucket or Firehose stream is a JSON-lines file under CognitoLite:LogDelivery:Destination, or every line
/// goes to standard output (README "Log delivery"). userNotification: message delivery errors; userAuthEvents: sign-ins,
/// only in pools whose threat protection is on, as AWS exports user activity only then. Events are queued and written
/// by one background task, so a sign-in never waits for a file; best effort, as AWS's delivery is.
/// </summary>
public sealed partial class UserPoolLogs : IAsyncDisposable
{
    public const string UserNotification = "userNotification";
    public const string UserAuthEvents = "userAuthEvents";

    /// <summary>How long a pool's configuration is used before it is read again (another replica may have changed it).</summary>
    private static readonly TimeSpan ConfigurationLifetime = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory _scopes;
    private readonly CognitoOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<UserPoolLogs> _logger;
    private readonly Channel<Entry> _entries = Channel.CreateBounded<Entry>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ConcurrentDictionary<string, (List<StoredLogConfiguration> Configurations, long LoadedAt)> _configurations = new(StringComparer.Ordinal);
    private readonly Task _writing;

    public UserPoolLogs(IServiceScopeFactory scopes, CognitoOptions options, TimeProvider clock, ILogger<UserPoolLogs> logger)
    {
        _scopes = scopes;
        _options = options;
        _clock = clock;
        _logger = logger;
        _writing = Task.Run(WriteAll);
    }

    private sealed record Entry(string UserPoolId, string EventSource, string LogLevel, DateTimeOffset At, object Message);

    /// <summary>A sign-in's outcome: Pass, or Fail with the error the client got.</summary>
    public void SignIn(UserPool pool, string clientId, string? username, string? errorType)
    {
        if (pool.Settings.UserPoolAddOns?.AdvancedSecurityMode is not ("AUDIT" or "ENFORCED")) return;
        Enqueue(pool.Id, UserAuthEvents, "INFO", new
        {
            eventType = "SignIn",
            eventResponse = errorType is null ? "Pass" : "Fail",
            userName = username,
            clientId,
            errorType,
        });
    }

    /// <summary>A message that could not be delivered (never its body or code).</summary>
    public void DeliveryFailed(string userPoolId, string username, string medium, string kind, string details) =>
        Enqueue(userPoolId, UserNotification, "ERROR", new { details, deliveryMedium = medium, messageType = kind, userName = username });

    /// <summary>After SetLogDeliveryConfiguration in this process: the next event reads the new configuration.</summary>
    public void Forget(string userPoolId) => _configurations.TryRemove(userPoolId, out _);

    private void Enqueue(string userPoolId, string eventSource, string logLevel, object message)
    {
        if (!_entries.Writer.TryWrite(new Entry(userPoolId, eventSource, logLevel, _clock.GetUtcNow(), message))) Dropped(_logger, userPoolId);
    }

    private async Task WriteAll()
    {
        await foreach (var entry in _entries.Reader.ReadAllAsync())
        {
            try
            {
                await Write(entry);
            }
            catch (Exception e)
            {
                WriteFailed(_logger, e, entry.EventSource, entry.UserPoolId);
            }
        }
    }

    private async Task Write(Entry entry)
    {
        var configuration = (await Configurations(entry.UserPoolId)).FirstOrDefault(c => c.EventSource == entry.EventSource);
        if (configuration is null) return;
        var line = JsonSerializer.Serialize(new
        {
            eventTimestamp = entry.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            eventSource = entry.EventSource == UserAuthEvents ? "USER_AUTH_EVENTS" : "USER_NOTIFICATION",
            logLevel = entry.LogLevel,
            logSourceVersion = "1.0",
            userPoolId = entry.UserPoolId,
            message = entry.Message,
        });
        if (_options.LogDelivery.Destination == LogDeliveryOptions.StandardOutput)
        {
            await Console.Out.WriteLineAsync(line);
            return;
        }
        var path = FileOf(Path.GetFullPath(_options.LogDelivery.Destination ?? Path.Combine(_options.DataDir, "log-delivery")), configuration);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.AppendAllTextAsync(path, line + "\n");
    }

    /// <summary>
    /// The file of a destination: `cloudwatch/&lt;log group name&gt;.jsonl`, `s3/&lt;bucket&gt;.jsonl` or `firehose/&lt;stream&gt;.jsonl`,
    /// the name with every character but letters, digits and `._=,@+-` made `_` (a log group's slashes included).
    /// </summary>
    public static string FileOf(string folder, StoredLogConfiguration configuration)
    {
        static string After(string arn, string marker) => arn[(arn.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
        var (kind, name) = configuration switch
        {
            { LogGroupArn: { } group } => ("cloudwatch", After(group, ":log-group:")),
            { BucketArn: { } bucket } => ("s3", After(bucket, ":::")),
            _ => ("firehose", After(configuration.StreamArn!, ":deliverystream/")),
        };
        return Path.Combine(folder, kind, Unsafe().Replace(name.Trim('/'), "_") + ".jsonl");
    }

    private async Task<List<StoredLogConfiguration>> Configurations(string userPoolId)
    {
        if (_configurations.TryGetValue(userPoolId, out var cached) && _clock.GetElapsedTime(cached.LoadedAt) < ConfigurationLifetime)
            return cached.Configurations;
        var loadedAt = _clock.GetTimestamp();
        await using var scope = _scopes.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CognitoDbContext>().LogDeliveryConfigurations.AsNoTracking()
            .Where(c => c.UserPoolId == userPoolId).Select(c => c.LogConfigurations).FirstOrDefaultAsync() ?? [];
        _configurations[userPoolId] = (stored, loadedAt);
        return stored;
    }

    /// <summary>What was queued is written before the host stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _entries.Writer.TryComplete();
        await _writing;
    }

    [GeneratedRegex("[^A-Za-z0-9._=,@+-]")]
    private static partial Regex Unsafe();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {EventSource} log of {UserPoolId} could not be written")]
    private static partial void WriteFailed(ILogger logger, Exception error, string eventSource, string userPoolId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A log of {UserPoolId} was dropped: too many are waiting to be written")]
    private static partial void Dropped(ILogger logger, string userPoolId);
}
