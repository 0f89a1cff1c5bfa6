using System.Text.RegularExpressions;

namespace CognitoLite.Core;

/// <summary>What Core needs to know about the HTTP request it serves: the base URL the client used (for
/// token issuers when PublicBaseUrl is unset) and the region and access key its SigV4 credential scope names (for new ids
/// and ARNs, and the audit log), and the AWS SDK it names (for triggers' callerContext). Filled in by the host for each request.</summary>
public sealed partial class RequestContext
{
    public string BaseUrl { get; set; } = "http://localhost:9229";

    /// <summary>The region of the request's `Credential=AKID/DATE/REGION/SERVICE/aws4_request` scope, or null when it
    /// names none. Read whether or not the signature is verified, as a client in us-west-2 expects us-west-2 ids.</summary>
    public string? SigningRegion { get; private set; }

    /// <summary>The access key id of the same scope: who signed, for the audit log (verified only where the signature is).</summary>
    public string? AccessKeyId { get; private set; }

    /// <summary>Triggers' callerContext.awsSdkVersion: `aws-sdk-&lt;name&gt;-&lt;version&gt;` from the caller's
    /// `aws-sdk-&lt;name&gt;/&lt;version&gt;` User-Agent product (as Cognito shows `aws-sdk-nodejs-2.856.0` or
    /// `aws-sdk-js-2.1639.0`), else Cognito's `aws-sdk-unknown-unknown` (browsers, the hosted pages, other clients).</summary>
    public string AwsSdkVersion { get; private set; } = UnknownSdk;

    private const string UnknownSdk = "aws-sdk-unknown-unknown";

    /// <param name="userAgents">User-Agent, then X-Amz-User-Agent: a browser cannot set the first, so SDKs there send the second.</param>
    public void Capture(string baseUrl, string? authorization, params ReadOnlySpan<string?> userAgents)
    {
        BaseUrl = baseUrl;
        AwsSdkVersion = UnknownSdk;
        foreach (var userAgent in userAgents)
        {
            var sdk = userAgent is { Length: <= 8192 } ? SdkProduct().Match(userAgent) : Match.Empty;
            if (!sdk.Success) continue;
            AwsSdkVersion = $"{sdk.Groups["name"].Value}-{sdk.Groups["version"].Value}";
            break;
        }
        var scope = authorization is { Length: <= 8192 } ? CredentialScope().Match(authorization) : Match.Empty;
        SigningRegion = scope.Success ? scope.Groups["region"].Value : null;
        AccessKeyId = scope.Success ? scope.Groups["key"].Value : null;
    }

    /// <summary>The region new ids and ARNs take: the caller's, or the configured one.</summary>
    public string Region(CognitoOptions options) => SigningRegion ?? options.Region;

    [GeneratedRegex(@"(?:^|\s)(?<name>aws-sdk-[a-z0-9]+(?:-[a-z0-9]+)*)/(?<version>[0-9][0-9A-Za-z.+-]{0,40})(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SdkProduct();

    [GeneratedRegex(@"^AWS4-HMAC-SHA256\s+Credential=(?<key>[^/,\s]+)/[0-9]{8}/(?<region>[a-z]{2}(?:-[a-z]+)+-[0-9]+)/", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialScope();
}
