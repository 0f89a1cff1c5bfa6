using CognitoLite.Core;
using CognitoLite.Core.Security;

namespace CognitoLite.Server.Http;

internal static class RequestOrigin
{
    /// <summary>Tells Core the scheme, host and port the client used, so tokens name the issuer it knows, the region it signs for, its SDK and its address.</summary>
    public static Task Capture(HttpContext context, RequestDelegate next)
    {
        context.RequestServices.GetRequiredService<RequestContext>().Capture($"{context.Request.Scheme}://{context.Request.Host}", context.Request.Headers.Authorization.ToString(),
            context.Request.Headers.UserAgent, context.Request.Headers["X-Amz-User-Agent"]);
        context.RequestServices.GetRequiredService<RequestSource>().Capture(context.Connection.RemoteIpAddress, context.Request.Headers["X-Forwarded-For"], context.Request.Headers.UserAgent);
        return next(context);
    }
}
