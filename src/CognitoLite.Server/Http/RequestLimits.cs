using CognitoLite.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CognitoLite.Server.Http;

/// <summary>
/// The sizes a request may have. Kestrel answers a request over its own limits by itself, with an empty body, and
/// closes the connection; so Kestrel's limits are set well above ours and ours are enforced here, with an AWS error.
/// Only a request past Kestrel's outer limits (or one whose framing HTTP cannot read) still gets Kestrel's bare answer.
/// </summary>
internal static class RequestLimits
{
    /// <summary>1 MiB, far above the largest Cognito request (AWS does not publish its own figure).</summary>
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;
    public const int MaxTargetLength = 8 * 1024;

    public static void Kestrel(KestrelServerOptions kestrel)
    {
        // A body up to this size is read to its end (and dropped) when it is over MaxBodyBytes, keeping the connection.
        kestrel.Limits.MaxRequestBodySize = 16 * MaxBodyBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = 8 * MaxHeaderBytes;
        kestrel.Limits.MaxRequestHeaderCount = 10 * MaxHeaderCount;
        kestrel.Limits.MaxRequestLineSize = 8 * MaxTargetLength;
    }

    public static Task Enforce(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : request.Path + request.QueryString;
        if (target.Length > MaxTargetLength)
            throw Errors.RequestTooLarge($"The request target is longer than {MaxTargetLength} characters.", StatusCodes.Status414UriTooLong);
        if (request.Headers.Count > MaxHeaderCount)
            throw Errors.RequestTooLarge($"The request has more than {MaxHeaderCount} headers.", StatusCodes.Status431RequestHeaderFieldsTooLarge);
        var headerBytes = request.Headers.Sum(h => h.Key.Length + 4 + h.Value.Sum(v => v?.Length ?? 0));
        if (headerBytes > MaxHeaderBytes)
            throw Errors.RequestTooLarge($"The request headers are larger than {MaxHeaderBytes} bytes.", StatusCodes.Status431RequestHeaderFieldsTooLarge);
        return next(context);
    }
}
