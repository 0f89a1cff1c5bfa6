using CognitoLite.Core;

namespace CognitoLite.Server.Http;

internal static class RequestOrigin
{
    /// <summary>Tells Core the scheme, host and port the client used, so tokens name the issuer it knows, and the region it signs for.</summary>
    public static Task Capture(HttpContext context, RequestDelegate next)
    {
        context.RequestServices.GetRequiredService<RequestContext>().Capture($"{context.Request.Scheme}://{context.Request.Host}", context.Request.Headers.Authorization.ToString());
        return next(context);
    }
}
