using CognitoLite.Core;

namespace CognitoLite.Server.Http;

internal static class RequestOrigin
{
    /// <summary>Tells Core the scheme, host and port the client used, so tokens name the issuer it knows, the region it signs for, and its address.</summary>
    public static Task Capture(HttpContext context, RequestDelegate next)
    {
        var request = context.RequestServices.GetRequiredService<RequestContext>();
        request.Capture($"{context.Request.Scheme}://{context.Request.Host}", context.Request.Headers.Authorization.ToString());
        request.ClientIp = context.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : null;
        return next(context);
    }
}
