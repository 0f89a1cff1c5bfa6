using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.UserPools;

public sealed record CloudWatchLogsConfigurationType
{
    [Length(20, 2048), Pattern(Ids.ArnPattern)] public string? LogGroupArn { get; init; }
}

public sealed record S3ConfigurationType
{
    [Length(3, 1024), Pattern(@"arn:[\w+=/,.@-]+:[\w+=/,.@-]+:::[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?")] public string? BucketArn { get; init; }
}

public sealed record FirehoseConfigurationType
{
    [Length(20, 2048), Pattern(Ids.ArnPattern)] public string? StreamArn { get; init; }
}

public sealed record LogConfigurationType
{
    [Required, OneOf("ERROR", "INFO")] public string? LogLevel { get; init; }
    [Required, OneOf(UserPoolLogs.UserNotification, UserPoolLogs.UserAuthEvents)] public string? EventSource { get; init; }
    public CloudWatchLogsConfigurationType? CloudWatchLogsConfiguration { get; init; }
    public S3ConfigurationType? S3Configuration { get; init; }
    public FirehoseConfigurationType? FirehoseConfiguration { get; init; }
}

public sealed record SetLogDeliveryConfigurationRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(0, 2)] public List<LogConfigurationType>? LogConfigurations { get; init; }
}

public sealed record GetLogDeliveryConfigurationRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
}

public sealed record LogDeliveryConfigurationType(string UserPoolId, List<LogConfigurationType> LogConfigurations);

public sealed record LogDeliveryConfigurationResponse(LogDeliveryConfigurationType LogDeliveryConfiguration);

/// <summary>
/// Set/GetLogDeliveryConfiguration: which of a pool's logs are exported, and where (<see cref="UserPoolLogs"/> writes them).
/// As AWS allows: userNotification at ERROR to a CloudWatch log group; userAuthEvents at INFO to one log group, S3 bucket or
/// Firehose stream, in pools of the PLUS feature plan; one configuration per source.
/// </summary>
public sealed class LogDeliveryService(CognitoDbContext db, UserPoolService pools, UserPoolLogs logs)
{
    public async Task<LogDeliveryConfigurationResponse> SetLogDeliveryConfiguration(SetLogDeliveryConfigurationRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        var configurations = request.LogConfigurations!;
        foreach (var configuration in configurations) Check(pool, configuration);
        if (configurations.GroupBy(c => c.EventSource).Any(g => g.Count() > 1))
            throw Errors.InvalidParameter("LogConfigurations can hold one configuration per EventSource.");

        var stored = await db.LogDeliveryConfigurations.FirstOrDefaultAsync(c => c.UserPoolId == pool.Id, ct);
        if (stored is null)
        {
            stored = new LogDeliveryConfiguration { UserPoolId = pool.Id };
            db.LogDeliveryConfigurations.Add(stored);
        }
        stored.LogConfigurations = configurations.Select(ToStored).ToList();
        await db.SaveChangesAsync(ct);
        logs.Forget(pool.Id);
        return Describe(stored);
    }

    public async Task<LogDeliveryConfigurationResponse> GetLogDeliveryConfiguration(GetLogDeliveryConfigurationRequest request, CancellationToken ct)
    {
        var pool = await pools.FindPool(request.UserPoolId!, ct);
        return Describe(await db.LogDeliveryConfigurations.AsNoTracking().FirstOrDefaultAsync(c => c.UserPoolId == pool.Id, ct)
            ?? new LogDeliveryConfiguration { UserPoolId = pool.Id });
    }

    private static void Check(UserPool pool, LogConfigurationType configuration)
    {
        var destinations = new object?[] { configuration.CloudWatchLogsConfiguration, configuration.S3Configuration, configuration.FirehoseConfiguration };
        if (destinations.Count(d => d is not null) != 1)
            throw Errors.InvalidParameter("A log configuration takes exactly one of CloudWatchLogsConfiguration, S3Configuration and FirehoseConfiguration.");
        if (configuration.CloudWatchLogsConfiguration is { } cloudWatch && !Names(cloudWatch.LogGroupArn, ":logs:", ":log-group:"))
            throw Errors.InvalidParameter("CloudWatchLogsConfiguration.LogGroupArn must be the ARN of a CloudWatch Logs log group.");
        if (configuration.S3Configuration is { } s3 && !Names(s3.BucketArn, ":s3:::", ""))
            throw Errors.InvalidParameter("S3Configuration.BucketArn must be the ARN of an S3 bucket.");
        if (configuration.FirehoseConfiguration is { } firehose && !Names(firehose.StreamArn, ":firehose:", ":deliverystream/"))
            throw Errors.InvalidParameter("FirehoseConfiguration.StreamArn must be the ARN of a Firehose delivery stream.");
        if (configuration.EventSource == UserPoolLogs.UserNotification)
        {
            if (configuration.LogLevel != "ERROR" || configuration.CloudWatchLogsConfiguration is null)
                throw Errors.InvalidParameter("userNotification logs are delivered at the ERROR level, to a CloudWatch Logs log group.");
        }
        else
        {
            if (configuration.LogLevel != "INFO")
                throw Errors.InvalidParameter("userAuthEvents logs are delivered at the INFO level.");
            if (pool.Settings.UserPoolTier != "PLUS")
                throw Errors.FeatureUnavailableInTier("userAuthEvents log delivery needs the PLUS feature plan (UserPoolTier).");
        }
    }

    /// <summary>The ARN is of this service (`:logs:`) and this kind of resource (`:log-group:`).</summary>
    private static bool Names(string? arn, string service, string resource) =>
        arn is not null && arn.Contains(service, StringComparison.Ordinal) && arn.Contains(resource, StringComparison.Ordinal);

    private static StoredLogConfiguration ToStored(LogConfigurationType wire) => new()
    {
        LogLevel = wire.LogLevel!,
        EventSource = wire.EventSource!,
        LogGroupArn = wire.CloudWatchLogsConfiguration?.LogGroupArn,
        BucketArn = wire.S3Configuration?.BucketArn,
        StreamArn = wire.FirehoseConfiguration?.StreamArn,
    };

    private static LogConfigurationType ToWire(StoredLogConfiguration stored) => new()
    {
        LogLevel = stored.LogLevel,
        EventSource = stored.EventSource,
        CloudWatchLogsConfiguration = stored.LogGroupArn is { } group ? new CloudWatchLogsConfigurationType { LogGroupArn = group } : null,
        S3Configuration = stored.BucketArn is { } bucket ? new S3ConfigurationType { BucketArn = bucket } : null,
        FirehoseConfiguration = stored.StreamArn is { } stream ? new FirehoseConfigurationType { StreamArn = stream } : null,
    };

    private static LogDeliveryConfigurationResponse Describe(LogDeliveryConfiguration stored) =>
        new(new LogDeliveryConfigurationType(stored.UserPoolId, stored.LogConfigurations.Select(ToWire).ToList()));
}
