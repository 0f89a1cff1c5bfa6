using CognitoLite.Core.Credentials;
using Microsoft.AspNetCore.Http.Features;

namespace CognitoLite.Server.Http;

/// <summary>An HTTP request as SigV4 sees it: the path and query exactly as the client sent them, every header, the body read.</summary>
internal static class SignedRequests
{
    public static SignedRequest From(HttpRequest request, byte[] body)
    {
        // Kestrel keeps the request target as sent; hosts that do not (the in-memory test server) give the decoded parts.
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : request.PathBase + request.Path + request.QueryString;
        var query = rawTarget.Contains('?', StringComparison.Ordinal) ? rawTarget[(rawTarget.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        var path = rawTarget.Split('?')[0];
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        return new SignedRequest(request.Method, path, query, headers, body);
    }
}
