using System.Text.RegularExpressions;

namespace CognitoLite.Core;

/// <summary>What Core needs to know about the HTTP request it serves: the base URL the client used (for
/// token issuers when PublicBaseUrl is unset) and the region and access key its SigV4 credential scope names (for new ids
/// and ARNs, and the audit log). Filled in by the host for each request.</summary>
public sealed partial class RequestContext
{
    public string BaseUrl { get; set; } = "http://localhost:9229";

    /// <summary>The region of the request's `Credential=AKID/DATE/REGION/SERVICE/aws4_request` scope, or null when it
    /// names none. Read whether or not the signature is verified, as a client in us-west-2 expects us-west-2 ids.</summary>
    public string? SigningRegion { get; private set; }

    /// <summary>The access key id of the same scope: who signed, for the audit log (verified only where the signature is).</summary>
    public string? AccessKeyId { get; private set; }

    /// <summary>The address the request came from (the connection's peer), which a device's last_ip_used records.</summary>
    public string? ClientIp { get; set; }

    public void Capture(string baseUrl, string? authorization)
    {
        BaseUrl = baseUrl;
        var scope = authorization is { Length: <= 8192 } ? CredentialScope().Match(authorization) : Match.Empty;
        SigningRegion = scope.Success ? scope.Groups["region"].Value : null;
        AccessKeyId = scope.Success ? scope.Groups["key"].Value : null;
    }

    /// <summary>The region new ids and ARNs take: the caller's, or the configured one.</summary>
    public string Region(CognitoOptions options) => SigningRegion ?? options.Region;

    [GeneratedRegex(@"^AWS4-HMAC-SHA256\s+Credential=(?<key>[^/,\s]+)/[0-9]{8}/(?<region>[a-z]{2}(?:-[a-z]+)+-[0-9]+)/", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialScope();
}
