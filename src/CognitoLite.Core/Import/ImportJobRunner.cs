using System.Threading.Channels;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CognitoLite.Core.Import;

/// <summary>
/// Runs started import jobs in the background, one at a time per process (the host runs <see cref="RunAsync"/>). With
/// several replicas on one database each job runs on one of them: a runner claims a job with a conditional UPDATE, and
/// each batch it imports is committed with the job's counts only while the claim is still its own. A job whose runner
/// stopped sending heartbeats for <see cref="Lease"/> is claimed again and resumes after its last committed batch.
/// The CSV is streamed from the database; memory holds one chunk of it and one batch of users.
/// </summary>
public sealed partial class ImportJobRunner(IServiceScopeFactory scopes, CognitoOptions options, TimeProvider clock, ILogger<ImportJobRunner> logger)
{
    public const int BatchSize = 500;
    public const long MaxUsers = 500_000;
    public const int MaxCompletionMessage = 128;
    public const string TooManyRefusedMessage = "Too many users have failed or been skipped during the import.";
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private static readonly CsvReaderOptions ReaderOptions = new()
    {
        Mode = CsvMode.Escape,
        Separator = ',',
        HasHeader = true,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        IncludeValuesInExceptions = false,
        // Three times the longest row allowed (16,000 characters of up to 3 bytes): anything longer is not an import file.
        MaxRecordSize = 3 * CsvColumns.MaxRowLength,
    };

    /// <summary>This process's mark on the jobs it claims.</summary>
    private readonly Guid _runner = Guid.NewGuid();

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>A job was started in this process: look for it now rather than at the next poll.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                while (await ClaimNext(stopping) is { } jobId) await Run(jobId, stopping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LookupFailed(logger, e);
            }
            using var poll = new CancellationTokenSource(options.Import.PollInterval, clock);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, poll.Token);
            try
            {
                await _wake.Reader.ReadAsync(either.Token);
            }
            catch (OperationCanceledException)
            {
                // The poll interval passed, or the host is stopping (the loop's condition says which).
            }
        }
    }

    /// <summary>A started job, or one whose runner went silent, now marked as this runner's.</summary>
    private async Task<string?> ClaimNext(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - Lease;
        var candidates = await Claimable(db, stale).OrderBy(j => j.StartedAt).Select(j => j.JobId).Take(10).ToListAsync(ct);
        foreach (var jobId in candidates)
        {
            var claimed = await Claimable(db, stale).Where(j => j.JobId == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, j => j.Status == UserImportJobStatus.Pending ? UserImportJobStatus.InProgress : j.Status)
                .SetProperty(j => j.Runner, _runner)
                .SetProperty(j => j.HeartbeatAt, now), ct);
            if (claimed == 1) return jobId;
        }
        return null;
    }

    private static IQueryable<UserImportJob> Claimable(CognitoDbContext db, DateTime stale) => db.UserImportJobs.Where(j =>
        j.Status == UserImportJobStatus.Pending ||
        (j.Status == UserImportJobStatus.InProgress || j.Status == UserImportJobStatus.Stopping) && (j.HeartbeatAt == null || j.HeartbeatAt < stale));

    private async Task Run(string jobId, CancellationToken stopping)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        var job = await db.UserImportJobs.AsNoTracking().FirstAsync(j => j.JobId == jobId, stopping);
        try
        {
            await Import(db, job, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping: the uncommitted batch is rolled back, and the job is left for the next runner to resume at once.
            await db.UserImportJobs.Where(j => j.JobId == jobId && j.Runner == _runner)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, (DateTime?)null), CancellationToken.None);
        }
        catch (Exception e)
        {
            JobCrashed(logger, e, jobId);
            db.ChangeTracker.Clear();
            await Finish(db, job, UserImportJobStatus.Failed, "The import job failed: CognitoLite could not import the users.", CancellationToken.None);
        }
    }

    private async Task Import(CognitoDbContext db, UserImportJob job, CancellationToken ct)
    {
        if (job.Status == UserImportJobStatus.Stopping)
        {
            await Finish(db, job, null, null, ct);
            return;
        }
        var pool = await db.UserPools.AsNoTracking().FirstOrDefaultAsync(p => p.Id == job.UserPoolId, ct);
        if (pool is null) return;
        if (job.UploadId is not { } uploadId)
        {
            await Finish(db, job, UserImportJobStatus.Failed, "No CSV file was uploaded to the import job's PreSignedUrl.", ct);
            return;
        }

        await using var reader = CsvReader.Create(new CsvChunkStream(db, job.JobId, uploadId), ReaderOptions, leaveOpen: false);
        var batch = new List<CsvRow>(BatchSize);
        long row = 0;
        try
        {
            await reader.ReadHeaderAsync(ct);
            if (reader.Headers.Count == 0)
            {
                await Finish(db, job, UserImportJobStatus.Failed, "The CSV file is empty.", ct);
                return;
            }
            if (CsvColumns.For(pool, reader.Headers, out var problem) is not { } columns)
            {
                await Finish(db, job, UserImportJobStatus.Failed, problem, ct);
                return;
            }
            while (await reader.ReadAsync(ct))
            {
                // Rows a previous runner of the job committed are passed over.
                if (++row <= job.RowsRead) continue;
                if (row > MaxUsers)
                {
                    if (await Commit(db, pool, job, batch, row - 1, ct))
                        await Finish(db, job, UserImportJobStatus.Failed, $"The CSV file has more than {MaxUsers} users.", ct);
                    else await Finish(db, job, null, null, ct);
                    return;
                }
                batch.Add(columns.Read(reader, clock.GetUtcNow().UtcDateTime));
                if (batch.Count < BatchSize) continue;
                if (!await Commit(db, pool, job, batch, row, ct))
                {
                    await Finish(db, job, null, null, ct);
                    return;
                }
                batch.Clear();
            }
        }
        catch (CsvFormatException unreadable)
        {
            await Finish(db, job, UserImportJobStatus.Failed, $"The CSV file could not be read after line {reader.LineNumber}: {unreadable.Message}", ct);
            return;
        }
        if (!await Commit(db, pool, job, batch, row, ct))
        {
            await Finish(db, job, null, null, ct);
            return;
        }
        var counts = await db.UserImportJobs.AsNoTracking().Where(j => j.JobId == job.JobId)
            .Select(j => new { j.ImportedUsers, Refused = j.SkippedUsers + j.FailedUsers }).FirstAsync(ct);
        // AWS does not publish its threshold; a file of which not one user could be imported is what it shows failing.
        var failed = counts.ImportedUsers == 0 && counts.Refused > 0;
        await Finish(db, job, failed ? UserImportJobStatus.Failed : UserImportJobStatus.Succeeded,
            failed ? TooManyRefusedMessage : UserImportJobs.SucceededMessage, ct);
    }

    /// <summary>
    /// Stores a batch of users with the job's counts and progress in one transaction, while the job is InProgress and
    /// still claimed by this runner; false when it is not (it is being stopped, or another runner took it over).
    /// </summary>
    private async Task<bool> Commit(CognitoDbContext db, UserPool pool, UserImportJob job, List<CsvRow> batch, long rowsRead, CancellationToken ct)
    {
        var refused = new List<(long Line, string Outcome, string Reason)>();
        var accepted = await Admissible(db, pool, batch, refused, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Users.AddRange(accepted);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException race) when (race.IsUniqueViolation())
        {
            // Someone took one of the names since they were checked: the batch goes in user by user (each SaveChanges in
            // the transaction has a savepoint of its own).
            db.ChangeTracker.Clear();
            foreach (var row in batch.Where(r => r.User is not null && accepted.Contains(r.User)))
            {
                db.Users.Add(row.User!);
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException taken) when (UserService.Taken(pool, taken, creating: true) is { } error)
                {
                    db.Entry(row.User!).State = EntityState.Detached;
                    accepted.Remove(row.User!);
                    refused.Add(error.Type == "UsernameExistsException" && error.Message == Errors.UserAlreadyExists().Message
                        ? (row.Line, Skipped, AlreadyExists)
                        : (row.Line, Failed, error.Message));
                }
            }
        }
        long imported = accepted.Count, skipped = refused.Count(r => r.Outcome == Skipped), failed = refused.Count - skipped;
        var now = clock.GetUtcNow().UtcDateTime;
        var counted = await db.UserImportJobs
            .Where(j => j.JobId == job.JobId && j.Runner == _runner && j.Status == UserImportJobStatus.InProgress)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.ImportedUsers, j => j.ImportedUsers + imported)
                .SetProperty(j => j.SkippedUsers, j => j.SkippedUsers + skipped)
                .SetProperty(j => j.FailedUsers, j => j.FailedUsers + failed)
                .SetProperty(j => j.RowsRead, rowsRead)
                .SetProperty(j => j.HeartbeatAt, now), ct);
        if (counted == 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return false;
        }
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        foreach (var (line, outcome, reason) in refused.OrderBy(r => r.Line)) RowRefused(logger, job.JobId, job.JobName, job.UserPoolId, outcome, line, reason);
        return true;
    }

    private const string Skipped = "SKIPPED";
    private const string Failed = "FAILED";
    private const string AlreadyExists = "The user already exists.";

    /// <summary>
    /// The batch's users that may be added: not invalid, and holding no username or sign-in alias that a user of the pool
    /// (or an earlier row) has. A taken username is skipped, as AWS skips existing users; a taken alias fails the row.
    /// </summary>
    private static async Task<List<User>> Admissible(CognitoDbContext db, UserPool pool, List<CsvRow> batch,
        List<(long Line, string Outcome, string Reason)> refused, CancellationToken ct)
    {
        var users = batch.Where(r => r.User is not null).Select(r => r.User!).ToList();
        var names = users.Select(u => u.UsernameKey).ToList();
        var emails = users.Where(u => u.EmailAliasKey is not null).Select(u => u.EmailAliasKey!).ToList();
        var phones = users.Where(u => u.PhoneAliasKey is not null).Select(u => u.PhoneAliasKey!).ToList();
        var preferred = users.Where(u => u.PreferredUsernameKey is not null).Select(u => u.PreferredUsernameKey!).ToList();
        var inPool = db.Users.Where(u => u.UserPoolId == pool.Id);
        var takenNames = (await inPool.Where(u => names.Contains(u.UsernameKey)).Select(u => u.UsernameKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var takenEmails = emails.Count == 0 ? [] : (await inPool.Where(u => emails.Contains(u.EmailAliasKey!)).Select(u => u.EmailAliasKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var takenPhones = phones.Count == 0 ? [] : (await inPool.Where(u => phones.Contains(u.PhoneAliasKey!)).Select(u => u.PhoneAliasKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var takenPreferred = preferred.Count == 0 ? [] : (await inPool.Where(u => preferred.Contains(u.PreferredUsernameKey!)).Select(u => u.PreferredUsernameKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

        var accepted = new List<User>();
        foreach (var (line, user, failure) in batch)
        {
            if (user is null)
            {
                refused.Add((line, Failed, failure!));
                continue;
            }
            if (takenNames.Contains(user.UsernameKey))
            {
                refused.Add((line, Skipped, AlreadyExists));
                continue;
            }
            var alias = user.EmailAliasKey is { } email && takenEmails.Contains(email) ? "email"
                : user.PhoneAliasKey is { } phone && takenPhones.Contains(phone) ? "phone_number"
                : user.PreferredUsernameKey is { } name && takenPreferred.Contains(name) ? "preferred_username"
                : null;
            if (alias is not null)
            {
                refused.Add((line, Failed, Errors.AccountExists(alias)));
                continue;
            }
            takenNames.Add(user.UsernameKey);
            if (user.EmailAliasKey is not null) takenEmails.Add(user.EmailAliasKey);
            if (user.PhoneAliasKey is not null) takenPhones.Add(user.PhoneAliasKey);
            if (user.PreferredUsernameKey is not null) takenPreferred.Add(user.PreferredUsernameKey);
            accepted.Add(user);
        }
        return accepted;
    }

    /// <summary>
    /// Ends the job this runner holds: InProgress to <paramref name="status"/>, or (status null, or the job being stopped
    /// meanwhile) Stopping to Stopped. Its CSV is deleted with it; a job another runner took over is left to that one.
    /// </summary>
    private async Task Finish(CognitoDbContext db, UserImportJob job, string? status, string? message, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (message is { Length: > MaxCompletionMessage })
        {
            // AWS's CompletionMessage holds 128 characters: the whole reason goes to the log.
            JobRefused(logger, job.JobId, job.JobName, job.UserPoolId, message);
            message = message[..(MaxCompletionMessage - 1)] + "…";
        }
        var ended = status is null ? 0 : await db.UserImportJobs
            .Where(j => j.JobId == job.JobId && j.Runner == _runner && j.Status == UserImportJobStatus.InProgress)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.CompletionMessage, message), ct);
        if (ended == 0)
        {
            status = UserImportJobStatus.Stopped;
            ended = await db.UserImportJobs
                .Where(j => j.JobId == job.JobId && j.Runner == _runner && j.Status == UserImportJobStatus.Stopping)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, UserImportJobStatus.Stopped)
                    .SetProperty(j => j.CompletedAt, now)
                    .SetProperty(j => j.CompletionMessage, UserImportJobs.StoppedMessage), ct);
        }
        if (ended == 0) return;
        await db.UserImportCsvChunks.Where(c => c.JobId == job.JobId).ExecuteDeleteAsync(ct);
        var final = await db.UserImportJobs.AsNoTracking().FirstAsync(j => j.JobId == job.JobId, ct);
        JobEnded(logger, job.JobId, job.JobName, job.UserPoolId, status!, final.ImportedUsers, final.SkippedUsers, final.FailedUsers, final.CompletionMessage);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import job {JobId}/{JobName} of {UserPoolId}: [{Outcome}] line {LineNumber}: {Reason}")]
    private static partial void RowRefused(ILogger logger, string jobId, string jobName, string userPoolId, string outcome, long lineNumber, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import job {JobId}/{JobName} of {UserPoolId} failed: {Reason}")]
    private static partial void JobRefused(ILogger logger, string jobId, string jobName, string userPoolId, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Import job {JobId}/{JobName} of {UserPoolId} ended {Status}: {ImportedUsers} imported, {SkippedUsers} skipped, {FailedUsers} failed. {CompletionMessage}")]
    private static partial void JobEnded(ILogger logger, string jobId, string jobName, string userPoolId, string status,
        long importedUsers, long skippedUsers, long failedUsers, string? completionMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import job {JobId} failed unexpectedly")]
    private static partial void JobCrashed(ILogger logger, Exception error, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for import jobs to run failed")]
    private static partial void LookupFailed(ILogger logger, Exception error);
}
