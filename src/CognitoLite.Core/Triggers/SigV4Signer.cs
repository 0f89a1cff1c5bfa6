using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Api;

namespace CognitoLite.Core.Triggers;

/// <summary>
/// Signs an outgoing request with AWS Signature Version 4, as the AWS SDKs sign a Lambda Invoke: the host and
/// X-Amz-Date headers and the body's hash, for one region and service. The counterpart of Credentials/SigV4Verifier.
/// </summary>
internal static class SigV4Signer
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string SignedHeaders = "host;x-amz-date";

    public static void Sign(HttpRequestMessage request, byte[] body, string region, string service, string accessKeyId, string secretAccessKey, DateTimeOffset now)
    {
        var uri = request.RequestUri!;
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var canonicalRequest = string.Join('\n',
            request.Method.Method,
            CanonicalPath(uri.AbsolutePath),
            "", // no query string: the Invoke API takes none
            "host:" + uri.Authority,
            "x-amz-date:" + amzDate,
            "",
            SignedHeaders,
            Hex(SHA256.HashData(body)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        request.Headers.Add("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={SignedHeaders}, Signature={Hex(Hmac(key, stringToSign))}");
    }

    // The path as sent (each segment already escaped) is escaped once more, as every AWS service but S3 expects.
    private static string CanonicalPath(string escapedPath) => string.Join('/', escapedPath.Split('/').Select(UriEncoding.Rfc3986));


    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
