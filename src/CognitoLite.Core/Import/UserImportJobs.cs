using System.Globalization;
using System.Security.Cryptography;
using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.UserPools;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Import;

/// <summary>
/// GetCSVHeader and the user import jobs: Create, Start, Describe, List and Stop. A job is Created with an upload URL
/// (<see cref="CsvUploads"/>), Pending once started, InProgress while a runner (<see cref="ImportJobRunner"/>) imports its
/// CSV, and ends Succeeded, Failed or Stopped; one not started within a day Expires.
/// </summary>
public sealed class UserImportJobs(CognitoDbContext db, UserDirectory directory, CsvUploads uploads, ImportJobRunner runner, TimeProvider clock)
{
    public const string JobIdPattern = "import-[0-9a-zA-Z-]+";
    public const string SucceededMessage = "Import Job Completed Successfully.";
    public const string StoppedMessage = "The Import Job was stopped by the developer.";
    public const string ExpiredMessage = "The user import job has expired.";

    /// <summary>How long the upload URL works, as AWS's presigned S3 URL (X-Amz-Expires=900).</summary>
    public static readonly TimeSpan UploadUrlValidity = TimeSpan.FromMinutes(15);

    /// <summary>A job not started by then expires; AWS says within 24 to 48 hours.</summary>
    public static readonly TimeSpan StartWithin = TimeSpan.FromHours(24);

    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public async Task<GetCSVHeaderResponse> GetCSVHeader(GetCSVHeaderRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        return new GetCSVHeaderResponse(pool.Id, CsvColumns.Header(pool));
    }

    public async Task<UserImportJobResponse> CreateUserImportJob(CreateUserImportJobRequest request, CancellationToken ct)
    {
        // The dev guide says hashes cannot be imported; the API has since grown the member, with no documented CSV column.
        if (request.PasswordHashingAlgorithm is not null) throw Errors.NotSupportedYet("PasswordHashingAlgorithm");
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var jobId = "import-" + RandomNumberGenerator.GetString(Alnum, 10);
        var job = new UserImportJob
        {
            JobId = jobId,
            UserPoolId = pool.Id,
            JobName = request.JobName!,
            CloudWatchLogsRoleArn = request.CloudWatchLogsRoleArn!,
            PreSignedUrl = uploads.Url(pool.Id, jobId, now + UploadUrlValidity),
            Status = UserImportJobStatus.Created,
            CreatedAt = now,
        };
        db.UserImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        return new UserImportJobResponse(Describe(job));
    }

    /// <summary>
    /// Created → Pending; a runner of this process starts at once. Imported users must be able to reset their password,
    /// so, as the dev guide says, a pool without an auto-verified attribute cannot start a job.
    /// </summary>
    public async Task<UserImportJobResponse> StartUserImportJob(UserImportJobRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var job = await Find(pool.Id, request.JobId!, ct);
        if (job.Status != UserImportJobStatus.Created)
            throw Errors.PreconditionNotMet($"Import job {job.JobId} is {job.Status}: only a Created job can be started.");
        if (pool.Settings.AutoVerifiedAttributes is not { Count: > 0 })
            throw Errors.PreconditionNotMet(
                $"User pool {pool.Id} has no auto-verified attribute (email or phone_number): imported users could not reset their passwords.");
        var now = clock.GetUtcNow().UtcDateTime;
        var started = await db.UserImportJobs.Where(j => j.JobId == job.JobId && j.Status == UserImportJobStatus.Created)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, UserImportJobStatus.Pending).SetProperty(j => j.StartedAt, now), ct);
        if (started == 0) return await StartUserImportJob(request, ct);
        // Described as started, before the runner is woken and moves it on.
        job.Status = UserImportJobStatus.Pending;
        job.StartedAt = now;
        runner.Wake();
        return new UserImportJobResponse(Describe(job));
    }

    public async Task<UserImportJobResponse> DescribeUserImportJob(UserImportJobRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        return new UserImportJobResponse(Describe(await Find(pool.Id, request.JobId!, ct)));
    }

    /// <summary>Newest first, as AWS lists them; the page token is the creation time and id of the last job given.</summary>
    public async Task<ListUserImportJobsResponse> ListUserImportJobs(ListUserImportJobsRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        await ExpireDue(pool.Id, ct);
        var query = db.UserImportJobs.AsNoTracking().Where(j => j.UserPoolId == pool.Id);
        if (PageToken.Decode(request.PaginationToken) is { } after)
        {
            var (createdAt, jobId) = ParseKey(after);
            query = query.Where(j => j.CreatedAt < createdAt || j.CreatedAt == createdAt && string.Compare(j.JobId, jobId) < 0);
        }
        var limit = request.MaxResults!.Value;
        var fetched = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.JobId).Take(limit + 1).ToListAsync(ct);
        var (page, next) = PageToken.Cut(fetched, limit, j => j.CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture) + "#" + j.JobId);
        return new ListUserImportJobsResponse(page.Select(Describe).ToList(), next);
    }

    /// <summary>
    /// A Pending job stops at once; an InProgress one becomes Stopping, and its runner stops before its next batch. Each
    /// change is made only from the status it expects, so a runner finishing meanwhile is never overwritten.
    /// </summary>
    public async Task<UserImportJobResponse> StopUserImportJob(UserImportJobRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var job = await Find(pool.Id, request.JobId!, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var stopped = await db.UserImportJobs.Where(j => j.JobId == job.JobId && j.Status == UserImportJobStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, UserImportJobStatus.Stopped)
                .SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.CompletionMessage, StoppedMessage), ct);
        if (stopped == 1)
            await uploads.DeleteAll(job.JobId, ct);
        else if (await db.UserImportJobs.Where(j => j.JobId == job.JobId && j.Status == UserImportJobStatus.InProgress)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, UserImportJobStatus.Stopping), ct) == 0)
            throw Errors.PreconditionNotMet(
                $"Import job {job.JobId} is {(await Find(pool.Id, job.JobId, ct)).Status}: only a Pending or InProgress job can be stopped.");
        return new UserImportJobResponse(Describe(await Find(pool.Id, job.JobId, ct)));
    }

    /// <summary>The job, after the pool's due expirations.</summary>
    private async Task<UserImportJob> Find(string userPoolId, string jobId, CancellationToken ct)
    {
        await ExpireDue(userPoolId, ct);
        return await db.UserImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.JobId == jobId && j.UserPoolId == userPoolId, ct)
            ?? throw Errors.ResourceNotFound($"Import job {jobId} does not exist in user pool {userPoolId}.");
    }

    /// <summary>Jobs never started within <see cref="StartWithin"/> expire, and their CSV is deleted.</summary>
    private async Task ExpireDue(string userPoolId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = now - StartWithin;
        var expiring = db.UserImportJobs.Where(j => j.UserPoolId == userPoolId && j.Status == UserImportJobStatus.Created && j.CreatedAt <= due);
        // Read first: an UPDATE, even of no row, takes SQLite's write lock, which a running import holds for each batch.
        if (!await expiring.AnyAsync(ct)) return;
        var expired = await expiring
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, UserImportJobStatus.Expired)
                .SetProperty(j => j.CompletedAt, now)
                .SetProperty(j => j.CompletionMessage, ExpiredMessage), ct);
        if (expired > 0)
            await db.UserImportCsvChunks
                .Where(c => db.UserImportJobs.Any(j => j.JobId == c.JobId && j.UserPoolId == userPoolId && j.Status == UserImportJobStatus.Expired))
                .ExecuteDeleteAsync(ct);
    }

    private static (DateTime CreatedAt, string JobId) ParseKey(string key)
    {
        var separator = key.IndexOf('#', StringComparison.Ordinal);
        return separator > 0 && long.TryParse(key.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks
            ? (new DateTime(ticks, DateTimeKind.Utc), key[(separator + 1)..])
            : throw Errors.InvalidParameter("Invalid pagination token.");
    }

    private static UserImportJobType Describe(UserImportJob job) => new(
        job.JobName, job.JobId, job.UserPoolId, job.PreSignedUrl,
        UserPoolService.Utc(job.CreatedAt),
        job.StartedAt is { } started ? UserPoolService.Utc(started) : null,
        job.CompletedAt is { } completed ? UserPoolService.Utc(completed) : null,
        job.Status, job.CloudWatchLogsRoleArn, job.ImportedUsers, job.SkippedUsers, job.FailedUsers, job.CompletionMessage);
}
