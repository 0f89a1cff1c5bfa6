using CognitoLite.Core;

namespace CognitoLite.Server.Http;

internal static class RequestOrigin
{
    /// <summary>Tells Core the scheme, host and port the client used, so tokens name the issuer it knows.</summary>
    public static Task Capture(HttpContext context, RequestDelegate next)
    {
        context.RequestServices.GetRequiredService<RequestContext>().BaseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
        return next(context);
    }
}
