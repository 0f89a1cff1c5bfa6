using System.Buffers;
using System.IO.Compression;
using CognitoLite.Core;

namespace CognitoLite.Server.Http;

/// <summary>
/// A request body as the wire adapters read it: whole, at most <see cref="RequestLimits.MaxBodyBytes"/>, and decoded
/// from its Content-Encoding (gzip, deflate, br) with the same limit on what it decodes to.
/// </summary>
internal static class RequestBody
{
    /// <summary>
    /// The bytes as sent (what a SigV4 signature covers). Over the limit, the rest is read and dropped before the error
    /// is answered, so the client can finish sending and keep its connection; past Kestrel's own, larger limit Kestrel
    /// closes the connection after the answer.
    /// </summary>
    public static async Task<byte[]> Read(HttpRequest request, CancellationToken ct)
    {
        try
        {
            // The SDKs send a Content-Length: the body is read straight into an array of its size.
            if (request.ContentLength is { } length and <= RequestLimits.MaxBodyBytes)
            {
                var body = new byte[length];
                await request.Body.ReadExactlyAsync(body, ct);
                return body;
            }
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                if (request.ContentLength is not null) await DrainAndRefuse(request.Body, chunk, ct);
                using var buffer = new MemoryStream();
                int read;
                while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
                {
                    if (buffer.Length + read > RequestLimits.MaxBodyBytes) await DrainAndRefuse(request.Body, chunk, ct);
                    buffer.Write(chunk, 0, read);
                }
                return buffer.ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
        catch (BadHttpRequestException beyondKestrel) when (beyondKestrel.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
    }

    /// <summary>The body's content: <paramref name="raw"/> itself, or decoded as its Content-Encoding says (codings applied in order, undone in reverse).</summary>
    public static byte[] Decode(HttpRequest request, byte[] raw)
    {
        if (request.Headers.ContentEncoding.Count == 0) return raw;
        var codings = request.Headers.ContentEncoding.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var content = raw;
        foreach (var coding in codings.Reverse())
            content = Decode(coding, content);
        return content;
    }

    private static byte[] Decode(string coding, byte[] encoded)
    {
        using var input = new MemoryStream(encoded);
        using Stream? decoder = coding.ToLowerInvariant() switch
        {
            "identity" => null,
            "gzip" or "x-gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            _ => throw Errors.Serialization($"Unsupported Content-Encoding '{coding}': use gzip, deflate, br or none."),
        };
        if (decoder is null) return encoded;
        using var output = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = decoder.Read(chunk)) > 0)
            {
                if (output.Length + read > RequestLimits.MaxBodyBytes)
                    throw Errors.RequestTooLarge($"The request body decodes to more than {RequestLimits.MaxBodyBytes} bytes.");
                output.Write(chunk, 0, read);
            }
        }
        catch (Exception corrupt) when (corrupt is InvalidDataException or InvalidOperationException) // Brotli's way of saying so
        {
            throw Errors.Serialization($"The request body is not valid {coding} data.");
        }
        return output.ToArray();
    }

    private static async Task DrainAndRefuse(Stream body, byte[] chunk, CancellationToken ct)
    {
        while (await body.ReadAsync(chunk, ct) > 0)
        {
        }
        throw TooLarge();
    }

    private static CognitoException TooLarge() => Errors.RequestTooLarge($"The request body is larger than {RequestLimits.MaxBodyBytes} bytes.");
}
