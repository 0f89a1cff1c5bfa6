using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Storage;

/// <summary>The statuses of a user import job, as DescribeUserImportJob names them.</summary>
public static class UserImportJobStatus
{
    public const string Created = "Created";
    public const string Pending = "Pending";
    public const string InProgress = "InProgress";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Expired = "Expired";

    /// <summary>Started and not finished: the pool's settings and schema must not change under it.</summary>
    public static readonly string[] Active = [Pending, InProgress, Stopping];
}

/// <summary>
/// A user import job (CreateUserImportJob) and its progress. Every replica on the database may run it: the runner that
/// claims it marks it with its <see cref="Runner"/> id and keeps <see cref="HeartbeatAt"/> fresh, and commits each batch
/// of users together with the counts and <see cref="RowsRead"/>, so a job whose runner died resumes where it stopped.
/// </summary>
public sealed class UserImportJob
{
    public required string JobId { get; init; }
    public required string UserPoolId { get; init; }
    public required string JobName { get; init; }
    public required string CloudWatchLogsRoleArn { get; init; }
    public required string PreSignedUrl { get; init; }
    public required string Status { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public long ImportedUsers { get; set; }
    public long SkippedUsers { get; set; }
    public long FailedUsers { get; set; }
    public string? CompletionMessage { get; set; }
    /// <summary>The complete upload the job reads (its <see cref="UserImportCsvChunk"/>s); null until the CSV is uploaded.</summary>
    public Guid? UploadId { get; set; }
    /// <summary>Data rows of the CSV already imported, skipped or failed, and committed.</summary>
    public long RowsRead { get; set; }
    public Guid? Runner { get; set; }
    public DateTime? HeartbeatAt { get; set; }
}

/// <summary>
/// A piece of an uploaded CSV, in order: the file lives in the database so that whichever replica runs the job can read
/// it, one chunk in memory at a time. Chunks of an upload that did not finish are left out by <see cref="UserImportJob.UploadId"/>
/// and deleted by the next upload or the job's end.
/// </summary>
public sealed class UserImportCsvChunk
{
    public required string JobId { get; init; }
    public Guid UploadId { get; init; }
    public int Sequence { get; init; }
    public required byte[] Data { get; init; }
}

/// <summary>A pool's SetLogDeliveryConfiguration, its LogConfigurations as the API gives them (JSON).</summary>
public sealed class LogDeliveryConfiguration
{
    public required string UserPoolId { get; init; }
    public List<StoredLogConfiguration> LogConfigurations { get; set; } = [];
}

public sealed record StoredLogConfiguration
{
    public required string LogLevel { get; init; }
    public required string EventSource { get; init; }
    public string? LogGroupArn { get; init; }
    public string? BucketArn { get; init; }
    public string? StreamArn { get; init; }
}

internal static class ImportModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserImportJob>(job =>
        {
            job.HasKey(j => j.JobId);
            job.Property(j => j.JobId).HasMaxLength(55);
            job.Property(j => j.JobName).HasMaxLength(128);
            job.Property(j => j.CloudWatchLogsRoleArn).HasMaxLength(2048);
            job.Property(j => j.PreSignedUrl).HasMaxLength(2048);
            job.Property(j => j.Status).HasMaxLength(16);
            job.Property(j => j.CompletionMessage).HasMaxLength(256);
            // ListUserImportJobs pages newest first; the runners look for started jobs.
            job.HasIndex(j => new { j.UserPoolId, j.CreatedAt, j.JobId });
            job.HasIndex(j => j.Status);
            job.HasOne<UserPool>().WithMany().HasForeignKey(j => j.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<UserImportCsvChunk>(chunk =>
        {
            chunk.HasKey(c => new { c.JobId, c.UploadId, c.Sequence });
            chunk.HasOne<UserImportJob>().WithMany().HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<LogDeliveryConfiguration>(configuration =>
        {
            configuration.HasKey(c => c.UserPoolId);
            configuration.Property(c => c.LogConfigurations).HasJson();
            configuration.HasOne<UserPool>().WithMany().HasForeignKey(c => c.UserPoolId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
