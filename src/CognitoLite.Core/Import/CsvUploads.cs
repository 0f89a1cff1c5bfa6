using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Import;

/// <summary>Why an upload was refused, as S3 answers a presigned PUT: its error code, message and HTTP status.</summary>
public sealed class UploadRefusedException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>
/// The PreSignedUrl of an import job, served by CognitoLite itself: `{base}/_import/{poolId}/{jobId}?Expires=…&Signature=…`,
/// signed with the master key (so every replica accepts it) and taking the CSV by HTTP PUT as an S3 presigned URL does,
/// `x-amz-server-side-encryption: aws:kms` included. The file is stored in the database in chunks, streamed: the
/// upload holds one chunk in memory at a time.
/// </summary>
public sealed class CsvUploads(CognitoDbContext db, SecretProtector secrets, Issuer issuer, CognitoOptions options, TimeProvider clock)
{
    public const string PathPrefix = "/_import";
    public const string EncryptionHeader = "x-amz-server-side-encryption";
    public const string Encryption = "aws:kms";
    public const int ChunkSize = 1024 * 1024;

    public string Url(string userPoolId, string jobId, DateTime expiresAt)
    {
        var expires = new DateTimeOffset(expiresAt, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{issuer.EndpointBase}{PathPrefix}/{userPoolId}/{jobId}?Expires={expires}&Signature={Sign(userPoolId, jobId, expires)}";
    }

    /// <summary>Checks the URL and stores the body as the job's CSV, replacing an earlier upload; returns the ETag (the MD5, as S3's).</summary>
    public async Task<string> Accept(string userPoolId, string jobId, string? expires, string? signature, string? encryption, long? contentLength,
        Stream body, CancellationToken ct)
    {
        if (expires is null || signature is null ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(userPoolId, jobId, expires)), Encoding.ASCII.GetBytes(signature)))
            throw SignatureDoesNotMatch("The request signature we calculated does not match the signature you provided.");
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt) || clock.GetUtcNow().ToUnixTimeSeconds() > expiresAt)
            throw new UploadRefusedException(403, "AccessDenied", "Request has expired");
        if (encryption != Encryption)
            throw SignatureDoesNotMatch($"The URL is signed for the header {EncryptionHeader}: {Encryption}, which the upload must send.");
        if (contentLength > options.Import.MaxCsvBytes) throw TooLarge();
        var status = await Status(jobId, ct) ?? throw new UploadRefusedException(404, "NoSuchKey", $"Import job {jobId} does not exist.");
        if (status != UserImportJobStatus.Created) throw NoLongerOpen(jobId, status);

        var uploadId = Guid.NewGuid();
        try
        {
            var etag = await Store(jobId, uploadId, body, ct);
            var attached = await db.UserImportJobs.Where(j => j.JobId == jobId && j.Status == UserImportJobStatus.Created)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.UploadId, uploadId), ct);
            if (attached == 0) throw NoLongerOpen(jobId, await Status(jobId, ct) ?? UserImportJobStatus.Expired);
            await db.UserImportCsvChunks.Where(c => c.JobId == jobId && c.UploadId != uploadId).ExecuteDeleteAsync(ct);
            return etag;
        }
        catch
        {
            // Whatever the reason (the client went away, too large, the job started meanwhile), this upload is not the job's.
            await db.UserImportCsvChunks.Where(c => c.JobId == jobId && c.UploadId == uploadId).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Deletes every uploaded chunk of the job (it has ended, or was stopped before it ran).</summary>
    public Task DeleteAll(string jobId, CancellationToken ct) => db.UserImportCsvChunks.Where(c => c.JobId == jobId).ExecuteDeleteAsync(ct);

    private async Task<string> Store(string jobId, Guid uploadId, Stream body, CancellationToken ct)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long total = 0;
        var sequence = 0;
        while (true)
        {
            var chunk = new byte[ChunkSize];
            var filled = 0;
            int read;
            while (filled < ChunkSize && (read = await body.ReadAsync(chunk.AsMemory(filled), ct)) > 0) filled += read;
            total += filled;
            if (total > options.Import.MaxCsvBytes) throw TooLarge();
            if (filled == 0) break;
            md5.AppendData(chunk, 0, filled);
            var row = new UserImportCsvChunk { JobId = jobId, UploadId = uploadId, Sequence = sequence++, Data = filled == ChunkSize ? chunk : chunk[..filled] };
            db.UserImportCsvChunks.Add(row);
            await db.SaveChangesAsync(ct);
            db.Entry(row).State = EntityState.Detached;
            if (filled < ChunkSize) break;
        }
        return $"\"{Convert.ToHexStringLower(md5.GetHashAndReset())}\"";
    }

    private Task<string?> Status(string jobId, CancellationToken ct) =>
        db.UserImportJobs.Where(j => j.JobId == jobId).Select(j => j.Status).FirstOrDefaultAsync(ct);

    private string Sign(string userPoolId, string jobId, string expires) => secrets.Mac($"user-import-upload:{userPoolId}:{jobId}:{expires}");

    private static UploadRefusedException SignatureDoesNotMatch(string message) => new(403, "SignatureDoesNotMatch", message);

    private UploadRefusedException TooLarge() =>
        new(400, "EntityTooLarge", $"Your proposed upload exceeds the maximum allowed size ({options.Import.MaxCsvBytes} bytes).");

    private static UploadRefusedException NoLongerOpen(string jobId, string status) =>
        new(403, "AccessDenied", $"Import job {jobId} is {status}: its CSV can no longer be uploaded.");
}
