using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Import;

/// <summary>An uploaded CSV as a forward-only stream, read from the database one chunk at a time (asynchronously only).</summary>
internal sealed class CsvChunkStream(CognitoDbContext db, string jobId, Guid uploadId) : Stream
{
    private byte[] _chunk = [];
    private int _position;
    private int _next;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position == _chunk.Length)
        {
            var sequence = _next;
            var data = await db.UserImportCsvChunks.AsNoTracking()
                .Where(c => c.JobId == jobId && c.UploadId == uploadId && c.Sequence == sequence)
                .Select(c => c.Data)
                .FirstOrDefaultAsync(cancellationToken);
            if (data is null) return 0;
            (_chunk, _position, _next) = (data, 0, _next + 1);
        }
        var count = Math.Min(buffer.Length, _chunk.Length - _position);
        _chunk.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The CSV is read asynchronously.");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
