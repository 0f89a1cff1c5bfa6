using Microsoft.AspNetCore.Cors.Infrastructure;

namespace CognitoLite.Server;

/// <summary>Browser SDKs (amazon-cognito-identity-js, Amplify) call cross-origin with custom headers (spec/protocol.md §1).</summary>
internal static class AwsCors
{
    public static void Policy(CorsPolicyBuilder policy) => policy
        .AllowAnyOrigin()
        .WithMethods("GET", "POST", "OPTIONS")
        .WithHeaders("content-type", "x-amz-target", "x-amz-user-agent", "cache-control", "authorization", "x-amz-date",
            "x-amz-security-token", "amz-sdk-invocation-id", "amz-sdk-request", "x-amz-content-sha256")
        .WithExposedHeaders("x-amzn-RequestId", "x-amzn-ErrorType", "x-amzn-ErrorMessage", "Date")
        .SetPreflightMaxAge(TimeSpan.FromHours(1));

    /// <summary>Every response carries x-amzn-RequestId; for a failure it is also the correlation id in the log.</summary>
    public static Task RequestId(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers["x-amzn-RequestId"] = NewRequestId();
        return next(context);
    }

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
