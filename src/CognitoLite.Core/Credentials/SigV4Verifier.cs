using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Api;

namespace CognitoLite.Core.Credentials;

/// <summary>A request as SigV4 sees it: method, raw path and query, headers (names in any case) and body.</summary>
public sealed record SignedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);

/// <summary>Who signed: the access key and the credential scope they used.</summary>
public sealed record SigV4Caller(string AccessKeyId, string Region, string Service, string? SecurityToken);

/// <summary>
/// Verifies AWS Signature Version 4 on a request, with the errors AWS's JSON services return for each
/// failure. The secret is looked up by access key through a delegate so that admin keys from configuration
/// and issued temporary credentials go through the same code.
/// </summary>
public static class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly string[] AuthorizationParts = ["Credential", "SignedHeaders", "Signature"];

    public static async Task<SigV4Caller> Verify(
        SignedRequest request,
        string expectedService,
        Func<string, CancellationToken, ValueTask<string?>> secretFor,
        DateTimeOffset now,
        TimeSpan allowedSkew,
        CancellationToken ct)
    {
        var authorization = Header(request, "authorization");
        if (string.IsNullOrEmpty(authorization))
            throw Errors.MissingAuthenticationToken("Missing Authentication Token");
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            throw Errors.IncompleteSignature($"Unsupported AWS 'algorithm': the Authorization header must use {Algorithm}.");

        var parts = authorization[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        var missing = AuthorizationParts.Where(k => !parts.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw Errors.IncompleteSignature(string.Concat(missing.Select(m => $"Authorization header requires '{m}' parameter. ")) + "Authorization=" + authorization);

        var scope = parts["Credential"].Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request" || scope[0].Length == 0)
            throw Errors.IncompleteSignature($"Credential should be scoped to a valid region, service and aws4_request terminator: '{parts["Credential"]}'.");
        var (accessKeyId, scopeDate, region, service) = (scope[0], scope[1], scope[2], scope[3]);

        var signedHeaders = parts["SignedHeaders"].Split(';');
        if (!signedHeaders.Contains("host"))
            throw Errors.IncompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

        var amzDate = Header(request, "x-amz-date");
        if (string.IsNullOrEmpty(amzDate))
            throw Errors.IncompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + authorization);
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
            throw Errors.IncompleteSignature($"X-Amz-Date must be in the ISO8601 basic format (yyyyMMddTHHmmssZ): '{amzDate}'.");
        if (scopeDate != amzDate[..8])
            throw Errors.InvalidSignature($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{amzDate[..8]}', from '{amzDate}'.");
        if (service != expectedService)
            throw Errors.InvalidSignature($"Credential should be scoped to correct service: '{expectedService}'. ");

        if (signedAt < now - allowedSkew)
            throw Errors.InvalidSignature($"Signature expired: {amzDate} is now earlier than {Basic(now - allowedSkew)} ({Basic(now)} - {allowedSkew.TotalMinutes:0} min.)");
        if (signedAt > now + allowedSkew)
            throw Errors.InvalidSignature($"Signature not yet current: {amzDate} is still later than {Basic(now + allowedSkew)} ({Basic(now)} + {allowedSkew.TotalMinutes:0} min.)");

        var secret = await secretFor(accessKeyId, ct)
            ?? throw Errors.UnrecognizedClient("The security token included in the request is invalid.");

        var canonicalRequest = CanonicalRequest(request, signedHeaders);
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scopeDate}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), scopeDate);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Encoding.ASCII.GetBytes(Hex(Hmac(key, stringToSign)));
        var given = Encoding.ASCII.GetBytes(parts["Signature"]);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
            throw Errors.InvalidSignature("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

        return new SigV4Caller(accessKeyId, region, service, Header(request, "x-amz-security-token"));
    }

    private static string CanonicalRequest(SignedRequest request, string[] signedHeaders)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        builder.Append(string.IsNullOrEmpty(request.Path) ? "/" : CanonicalPath(request.Path)).Append('\n');
        builder.Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var values = request.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => Trim(h.Value));
            builder.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }
        builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n');
        // Always the hash of the body received, never a client-supplied x-amz-content-sha256, so an altered body fails.
        builder.Append(Hex(SHA256.HashData(request.Body.Span)));
        return builder.ToString();
    }

    // The path arrives as the client encoded it; every AWS service but S3 encodes each segment once more.
    private static string CanonicalPath(string rawPath) => string.Join('/', rawPath.Split('/').Select(UriEncoding.Rfc3986));

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?") return "";
        return string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(p => (Key: UriEncoding.Rfc3986(Uri.UnescapeDataString(p[0].Replace('+', ' '))), Value: UriEncoding.Rfc3986(Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
    }


    // SigV4 "trimall": drop leading and trailing whitespace and turn every run of whitespace (tabs too) into one space,
    // as the AWS SDKs do before signing.
    private static string Trim(string value) => string.Join(' ', value.Split(HeaderWhitespace, StringSplitOptions.RemoveEmptyEntries));

    private static readonly char[] HeaderWhitespace = [' ', '\t', '\r', '\n', '\v', '\f'];

    private static string? Header(SignedRequest request, string name) =>
        request.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string Basic(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
