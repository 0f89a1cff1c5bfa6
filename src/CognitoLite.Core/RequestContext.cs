namespace CognitoLite.Core;

/// <summary>What Core needs to know about the HTTP request it serves: the base URL the client used (for
/// token issuers when PublicBaseUrl is unset). Filled in by the host for each request.</summary>
public sealed class RequestContext
{
    public string BaseUrl { get; set; } = "http://localhost:9229";
}
