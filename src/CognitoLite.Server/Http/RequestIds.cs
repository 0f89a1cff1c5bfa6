namespace CognitoLite.Server.Http;

/// <summary>Every response carries x-amzn-RequestId; for a failure it is also the correlation id in the log.</summary>
internal static class RequestIds
{
    public const string Header = "x-amzn-RequestId";

    public static Task Assign(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers[Header] = NewRequestId();
        return next(context);
    }

    public static string Of(HttpContext context) => context.Response.Headers[Header].ToString();

    /// <summary>A version-4 UUID from a fast generator: an id only has to be unique, and Guid.NewGuid reads the system's entropy.</summary>
    private static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)(bytes[7] & 0x0F | 0x40);
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80);
        return new Guid(bytes).ToString();
    }
}
