using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CognitoLite.Core;
using CognitoLite.Core.Credentials;

namespace CognitoLite.Tests.Credentials;

/// <summary>
/// SigV4Verifier against AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite: credential
/// AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z): each case is the request as the suite
/// gives it and the Authorization header AWS published for it, so these expectations do not come from our own
/// signing code. Then each way a signature can be wrong, and round trips through the real AWS SDK for .NET signer.
/// </summary>
public sealed class SigV4VerifierTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SuiteDate = "20150830T123600Z";
    private const string Scope = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private static readonly DateTimeOffset SuiteNow = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(15);

    private const string StsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    /// <summary>One case of the suite: the request line, its headers and body, and AWS's published SignedHeaders and Signature.</summary>
    public sealed record SuiteCase(string Name, string Method, string Path, string Query, string[] Headers, string Body, string SignedHeaders, string Signature)
    {
        public override string ToString() => Name;
    }

    private static readonly SuiteCase[] Cases =
    [
        new("get-vanilla", "GET", "/", "", [], "", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-vanilla-empty-query-key", "GET", "/", "Param1=value1", [], "", "host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
        new("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", [], "", "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        new("get-vanilla-query-unreserved", "GET", "/",
            "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            [], "", "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        // The query as a client sends it on the wire: the key ሴ percent-encoded once.
        new("get-vanilla-utf8-query", "GET", "/", "%E1%88%B4=bar", [], "", "host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        new("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", [], "", "host;x-amz-date",
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        // The suite's request line carries ሴ as raw UTF-8; canonicalisation encodes it once.
        new("get-utf8", "GET", "/ሴ", "", [], "", "host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        new("get-header-key-duplicate", "GET", "/", "", ["My-Header1:value2", "My-Header1:value2", "My-Header1:value1"], "", "host;my-header1;x-amz-date",
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        new("get-header-value-order", "GET", "/", "", ["My-Header1:value4", "My-Header1:value1", "My-Header1:value3", "My-Header1:value2"], "", "host;my-header1;x-amz-date",
            "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        new("get-header-value-trim", "GET", "/", "", ["My-Header1: value1", "My-Header2: \"a   b   c\""], "", "host;my-header1;my-header2;x-amz-date",
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        new("post-vanilla", "POST", "/", "", [], "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        new("post-vanilla-query", "POST", "/", "Param1=value1", [], "", "host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        new("post-header-key-case", "POST", "/", "", [], "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        new("post-header-key-sort", "POST", "/", "", ["My-Header1:value1"], "", "host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        new("post-header-value-case", "POST", "/", "", ["My-Header1:VALUE1"], "", "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        new("post-sts-header-before", "POST", "/", "", ["X-Amz-Security-Token:" + StsToken], "", "host;x-amz-date;x-amz-security-token",
            "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
        // The token is sent but was added after signing, so it is not a signed header.
        new("post-sts-header-after", "POST", "/", "", ["X-Amz-Security-Token:" + StsToken], "", "host;x-amz-date",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        new("post-x-www-form-urlencoded", "POST", "/", "", ["Content-Type:application/x-www-form-urlencoded"], "Param1=value1", "content-type;host;x-amz-date",
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        new("post-x-www-form-urlencoded-parameters", "POST", "/", "", ["Content-Type:application/x-www-form-urlencoded; charset=utf8"], "Param1=value1",
            "content-type;host;x-amz-date", "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
        // The same two in the suite's signed-body form (aws-c-auth's copy of the suite), where x-amz-content-sha256 is signed as the SDKs do.
        new("post-x-www-form-urlencoded (signed body)", "POST", "/", "",
            ["Content-Type:application/x-www-form-urlencoded", "Content-Length:13", "X-Amz-Content-Sha256:" + FormBodySha256], "Param1=value1",
            "content-length;content-type;host;x-amz-content-sha256;x-amz-date", "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"),
        new("post-x-www-form-urlencoded-parameters (signed body)", "POST", "/", "",
            ["Content-Type:application/x-www-form-urlencoded; charset=utf-8", "Content-Length:13", "X-Amz-Content-Sha256:" + FormBodySha256], "Param1=value1",
            "content-length;content-type;host;x-amz-content-sha256;x-amz-date", "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422"),
    ];

    public static TheoryData<SuiteCase> Suite => new(Cases);

    private const string FormBodySha256 = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";

    [Theory]
    [MemberData(nameof(Suite))]
    public async Task Aws_test_suite_case_verifies(SuiteCase suite)
    {
        var caller = await Verify(ToRequest(suite));

        Assert.Equal(AccessKey, caller.AccessKeyId);
        Assert.Equal("us-east-1", caller.Region);
        Assert.Equal("service", caller.Service);
        Assert.Equal(suite.Name.StartsWith("post-sts", StringComparison.Ordinal) ? StsToken : null, caller.SecurityToken);
    }

    [Theory]
    [MemberData(nameof(Suite))]
    public async Task Aws_test_suite_case_fails_with_one_signature_digit_changed(SuiteCase suite)
    {
        var flipped = (suite.Signature[^1] == '0' ? '1' : '0').ToString();
        var error = await Fails(ToRequest(suite with { Signature = suite.Signature[..^1] + flipped }));

        AssertSignatureMismatch(error);
    }

    [Fact]
    public async Task Wrong_secret_is_InvalidSignature()
    {
        var error = await Fails(ToRequest(Case("post-x-www-form-urlencoded")), secretFor: _ => "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEz");

        AssertSignatureMismatch(error);
    }

    [Fact]
    public async Task Body_altered_after_signing_is_InvalidSignature()
    {
        var request = ToRequest(Case("post-x-www-form-urlencoded"));

        var error = await Fails(request with { Body = "Param1=value2"u8.ToArray() });

        AssertSignatureMismatch(error);
    }

    [Fact]
    public async Task Body_added_to_a_request_signed_empty_is_InvalidSignature()
    {
        var error = await Fails(ToRequest(Case("post-vanilla")) with { Body = "{}"u8.ToArray() });

        AssertSignatureMismatch(error);
    }

    [Theory]
    [InlineData("My-Header1", "value2")]
    [InlineData("Host", "example.amazonaws.com.evil")]
    public async Task Signed_header_altered_after_signing_is_InvalidSignature(string header, string value)
    {
        var request = ToRequest(Case("post-header-key-sort"));
        var headers = request.Headers.Select(h => string.Equals(h.Key, header, StringComparison.OrdinalIgnoreCase) ? KeyValuePair.Create(h.Key, value) : h).ToList();

        var error = await Fails(request with { Headers = headers });

        AssertSignatureMismatch(error);
    }

    [Fact]
    public async Task Signed_header_removed_after_signing_is_InvalidSignature()
    {
        var request = ToRequest(Case("post-header-key-sort"));

        var error = await Fails(request with { Headers = request.Headers.Where(h => h.Key != "My-Header1").ToList() });

        AssertSignatureMismatch(error);
    }

    [Fact]
    public async Task Signed_header_repeated_after_signing_is_InvalidSignature()
    {
        var request = ToRequest(Case("post-header-key-sort"));

        var error = await Fails(request with { Headers = [.. request.Headers, KeyValuePair.Create("My-Header1", "value1")] });

        AssertSignatureMismatch(error);
    }

    [Fact]
    public async Task Unsigned_header_added_after_signing_is_ignored()
    {
        var request = ToRequest(Case("post-vanilla"));

        await Verify(request with { Headers = [.. request.Headers, KeyValuePair.Create("User-Agent", "aws-sdk-dotnet"), KeyValuePair.Create("amz-sdk-request", "attempt=2; max=3")] });
    }

    [Theory]
    [InlineData("POST", "/", "Param1=value2")]
    [InlineData("POST", "/", "Param1=value1&Param2=value2")]
    [InlineData("POST", "/other", "Param1=value1")]
    [InlineData("PUT", "/", "Param1=value1")]
    public async Task Method_path_or_query_altered_after_signing_is_InvalidSignature(string method, string path, string query)
    {
        var request = ToRequest(Case("post-vanilla-query"));

        var error = await Fails(request with { Method = method, Path = path, Query = query });

        AssertSignatureMismatch(error);
    }

    [Fact]
    public async Task Query_given_with_its_question_mark_verifies()
    {
        await Verify(ToRequest(Case("get-vanilla-query-order-key-case")) with { Query = "?Param2=value2&Param1=value1" });
    }

    [Fact]
    public async Task Method_in_lower_case_verifies_as_upper_case()
    {
        await Verify(ToRequest(Case("post-vanilla")) with { Method = "post" });
    }

    [Fact]
    public async Task Header_names_in_any_case_verify()
    {
        var request = ToRequest(Case("post-header-key-sort"));

        await Verify(request with { Headers = request.Headers.Select(h => KeyValuePair.Create(h.Key.ToUpperInvariant(), h.Value)).ToList() });
    }

    [Theory]
    [InlineData(16 * 60)]
    [InlineData(24 * 60 * 60)]
    public async Task Date_more_than_15_minutes_in_the_past_is_expired(int secondsLate)
    {
        var error = await Fails(ToRequest(Case("get-vanilla")), now: SuiteNow.AddSeconds(secondsLate));

        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.Equal(403, error.Status);
        Assert.StartsWith($"Signature expired: {SuiteDate} is now earlier than ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16 * 60)]
    [InlineData(24 * 60 * 60)]
    public async Task Date_more_than_15_minutes_in_the_future_is_not_yet_current(int secondsEarly)
    {
        var error = await Fails(ToRequest(Case("get-vanilla")), now: SuiteNow.AddSeconds(-secondsEarly));

        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.Equal(403, error.Status);
        Assert.StartsWith($"Signature not yet current: {SuiteDate} is still later than ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-14 * 60)]
    [InlineData(-15 * 60)]
    [InlineData(14 * 60)]
    [InlineData(15 * 60)]
    public async Task Date_within_15_minutes_either_way_verifies(int offsetSeconds)
    {
        await Verify(ToRequest(Case("get-vanilla")), now: SuiteNow.AddSeconds(offsetSeconds));
    }

    [Fact]
    public async Task Expiry_message_names_the_window_as_aws_does()
    {
        var error = await Fails(ToRequest(Case("get-vanilla")), now: SuiteNow.AddMinutes(16));

        Assert.Equal("Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)", error.Message);
    }

    [Fact]
    public async Task Unknown_access_key_is_UnrecognizedClient()
    {
        var error = await Fails(ToRequest(Case("get-vanilla")), secretFor: _ => null);

        Assert.Equal("UnrecognizedClientException", error.Type);
        Assert.Equal(403, error.Status);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Fact]
    public async Task Secret_is_looked_up_by_the_access_key_in_the_scope()
    {
        var asked = new List<string>();

        await Verify(ToRequest(Case("get-vanilla")), secretFor: key =>
        {
            asked.Add(key);
            return Secret;
        });

        Assert.Equal([AccessKey], asked);
    }

    [Fact]
    public async Task No_Authorization_header_is_MissingAuthenticationToken()
    {
        var request = ToRequest(Case("get-vanilla"));

        var error = await Fails(request with { Headers = request.Headers.Where(h => h.Key != "Authorization").ToList() });

        Assert.Equal("MissingAuthenticationTokenException", error.Type);
        Assert.Equal(403, error.Status);
    }

    [Fact]
    public async Task Empty_Authorization_header_is_MissingAuthenticationToken()
    {
        var error = await Fails(WithAuthorization(ToRequest(Case("get-vanilla")), ""));

        Assert.Equal("MissingAuthenticationTokenException", error.Type);
    }

    [Theory]
    [InlineData("Signature")]
    [InlineData("SignedHeaders")]
    [InlineData("Credential")]
    public async Task Authorization_without_a_part_is_IncompleteSignature(string part)
    {
        var suite = Case("get-vanilla");
        var parts = new Dictionary<string, string>
        {
            ["Credential"] = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
            ["SignedHeaders"] = suite.SignedHeaders,
            ["Signature"] = suite.Signature,
        };
        parts.Remove(part);
        var authorization = "AWS4-HMAC-SHA256 " + string.Join(", ", parts.Select(p => $"{p.Key}={p.Value}"));

        var error = await Fails(WithAuthorization(ToRequest(suite), authorization));

        Assert.Equal("IncompleteSignatureException", error.Type);
        Assert.Equal(403, error.Status);
        Assert.Contains($"Authorization header requires '{part}' parameter.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256")]
    [InlineData("AWS4-HMAC-SHA256 ")]
    [InlineData("garbage")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo")]
    [InlineData("AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=")]
    [InlineData("AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")]
    public async Task Authorization_that_is_not_sigv4_is_IncompleteSignature(string authorization)
    {
        var error = await Fails(WithAuthorization(ToRequest(Case("get-vanilla")), authorization));

        Assert.Equal("IncompleteSignatureException", error.Type);
        Assert.Equal(403, error.Status);
    }

    [Theory]
    [InlineData("AKIDEXAMPLE/20150830/us-east-1/service")]
    [InlineData("AKIDEXAMPLE/20150830/us-east-1/service/aws4_reques")]
    [InlineData("/20150830/us-east-1/service/aws4_request")]
    [InlineData("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request/extra")]
    public async Task Malformed_credential_scope_is_IncompleteSignature(string credential)
    {
        var suite = Case("get-vanilla");

        var error = await Fails(WithAuthorization(ToRequest(suite), $"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders={suite.SignedHeaders}, Signature={suite.Signature}"));

        Assert.Equal("IncompleteSignatureException", error.Type);
    }

    [Fact]
    public async Task Host_not_among_signed_headers_is_IncompleteSignature()
    {
        var suite = Case("get-vanilla");

        var error = await Fails(WithAuthorization(ToRequest(suite), $"AWS4-HMAC-SHA256 {Scope}, SignedHeaders=x-amz-date, Signature={suite.Signature}"));

        Assert.Equal("IncompleteSignatureException", error.Type);
    }

    [Fact]
    public async Task Missing_X_Amz_Date_is_IncompleteSignature()
    {
        var request = ToRequest(Case("get-vanilla"));

        var error = await Fails(request with { Headers = request.Headers.Where(h => h.Key != "X-Amz-Date").ToList() });

        Assert.Equal("IncompleteSignatureException", error.Type);
    }

    [Theory]
    [InlineData("2015-08-30T12:36:00Z")]
    [InlineData("20150830T123600")]
    [InlineData("Sun, 30 Aug 2015 12:36:00 GMT")]
    public async Task X_Amz_Date_not_in_basic_ISO8601_is_IncompleteSignature(string date)
    {
        var request = ToRequest(Case("get-vanilla"));

        var error = await Fails(request with { Headers = request.Headers.Select(h => h.Key == "X-Amz-Date" ? KeyValuePair.Create(h.Key, date) : h).ToList() });

        Assert.Equal("IncompleteSignatureException", error.Type);
    }

    [Fact]
    public async Task Signature_for_another_service_is_InvalidSignature()
    {
        var error = await Fails(ToRequest(Case("get-vanilla")), expectedService: "cognito-idp");

        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.Equal(403, error.Status);
        Assert.Contains("Credential should be scoped to correct service: 'cognito-idp'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scope_date_other_than_the_X_Amz_Date_day_is_InvalidSignature()
    {
        var suite = Case("get-vanilla");
        var authorization = $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/us-east-1/service/aws4_request, SignedHeaders={suite.SignedHeaders}, Signature={suite.Signature}";

        var error = await Fails(WithAuthorization(ToRequest(suite), authorization));

        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.Equal(403, error.Status);
        Assert.Equal("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.", error.Message);
    }

    [Fact]
    public async Task Scope_date_correctly_signed_but_for_another_day_is_still_InvalidSignature()
    {
        // A client that signs with the scope date of another day than its X-Amz-Date: the signature itself is valid
        // for that scope, but AWS refuses the mismatch before looking at it.
        var request = SignWithAwsSdk("POST", "https://example.amazonaws.com/", "{}", "service", new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc));
        var nextDay = request.Headers.Select(h => h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase) ? KeyValuePair.Create(h.Key, "20150831T000100Z") : h).ToList();

        var error = await Fails(request with { Headers = nextDay }, now: new DateTimeOffset(2015, 8, 31, 0, 1, 0, TimeSpan.Zero));

        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.StartsWith("Date in Credential scope does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_region_in_the_scope_is_accepted_and_reported()
    {
        var request = SignWithAwsSdk("POST", "https://cognito-idp.eu-west-1.amazonaws.com/", "{}", "cognito-idp", DateTime.UtcNow, RegionEndpoint.EUWest1);

        var caller = await SigV4Verifier.Verify(request, "cognito-idp", (_, _) => ValueTask.FromResult<string?>(Secret), DateTimeOffset.UtcNow, Skew, CancellationToken.None);

        Assert.Equal("eu-west-1", caller.Region);
        Assert.Equal("cognito-idp", caller.Service);
    }

    [Fact]
    public async Task Signature_in_upper_case_hex_is_InvalidSignature()
    {
        var suite = Case("get-vanilla");

        var error = await Fails(ToRequest(suite with { Signature = suite.Signature.ToUpperInvariant() }));

        AssertSignatureMismatch(error);
    }

    [Fact]
    public async Task Cancellation_reaches_the_secret_lookup()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SigV4Verifier.Verify(
            ToRequest(Case("get-vanilla")), "service",
            (_, ct) => ValueTask.FromCanceled<string?>(ct), SuiteNow, Skew, cancelled.Token));
    }

    // --- Round trips through the real AWS SDK for .NET signer (AWSSDK.Core's AWSSigV4Signer). ---

    [Theory]
    [InlineData("POST", "https://cognito-idp.us-east-1.amazonaws.com/", "{\"PoolName\":\"p\"}")]
    [InlineData("POST", "http://localhost:9229/", "{}")]
    [InlineData("POST", "http://localhost/", "")]
    [InlineData("GET", "https://example.amazonaws.com/?b=2&a=1&a=0&empty=&sp=a%20b&utf=%E1%88%B4", "")]
    [InlineData("GET", "https://example.amazonaws.com/a%20b/%E1%88%B4/c~d", "")]
    [InlineData("POST", "https://example.amazonaws.com/?Action=ListUsers&Version=2010-05-08", "x=ሴ")]
    public async Task Request_signed_by_the_aws_sdk_verifies(string method, string uri, string body)
    {
        var request = SignWithAwsSdk(method, uri, body, "cognito-idp", SuiteNow.UtcDateTime);

        var caller = await Verify(request, expectedService: "cognito-idp");

        Assert.Equal(AccessKey, caller.AccessKeyId);
    }

    [Theory]
    [InlineData("a\tb")]
    [InlineData("  a  \t  b  ")]
    [InlineData("aws-sdk-dotnet/4.1.0  ua/2.1   os/linux")]
    public async Task Header_value_with_tabs_or_runs_of_spaces_verifies_as_the_sdk_signs_it(string value)
    {
        // The SDK signs the "trimall" form (one space for each run of whitespace, tabs included); the server sees the raw value.
        var request = SignWithAwsSdk("POST", "https://cognito-idp.us-east-1.amazonaws.com/", "{}", "cognito-idp", SuiteNow.UtcDateTime,
            headers: new Dictionary<string, string> { ["My-Header1"] = value });

        Assert.Contains("my-header1", request.Headers.Single(h => h.Key == "Authorization").Value, StringComparison.Ordinal);
        await Verify(request, expectedService: "cognito-idp");
    }

    [Fact]
    public async Task Request_signed_by_the_aws_sdk_with_session_credentials_reports_the_token()
    {
        var request = SignWithAwsSdk("POST", "https://cognito-idp.us-east-1.amazonaws.com/", "{}", "cognito-idp", SuiteNow.UtcDateTime,
            credentials: new SessionAWSCredentials(AccessKey, Secret, "session-token"));

        var caller = await Verify(request, expectedService: "cognito-idp");

        Assert.Equal("session-token", caller.SecurityToken);
    }

    [Fact]
    public async Task Request_signed_by_the_aws_sdk_then_altered_fails()
    {
        var request = SignWithAwsSdk("POST", "https://cognito-idp.us-east-1.amazonaws.com/", "{\"PoolName\":\"p\"}", "cognito-idp", SuiteNow.UtcDateTime);

        var error = await Fails(request with { Body = Encoding.UTF8.GetBytes("{\"PoolName\":\"q\"}") }, expectedService: "cognito-idp");

        AssertSignatureMismatch(error);
    }

    [Fact]
    public void Aws_sdk_signer_reproduces_the_published_suite_signature()
    {
        // Ties the AWS SDK signer used by the HTTP tests to AWS's published numbers: the SDK always signs
        // x-amz-content-sha256, so it is checked against the suite's signed-body form of post-x-www-form-urlencoded.
        var request = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = new Uri("https://example.amazonaws.com/"), Content = "Param1=value1"u8.ToArray() };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded";
        request.Headers["Content-Length"] = "13";

        var result = AWSSigV4Signer.Sign(request, Parameters("service", SuiteNow.UtcDateTime));

        var suite = Case("post-x-www-form-urlencoded (signed body)");
        Assert.Equal($"AWS4-HMAC-SHA256 {Scope}, SignedHeaders={suite.SignedHeaders}, Signature={suite.Signature}", result.Headers["Authorization"]);
        Assert.Equal(SuiteDate, result.Headers["X-Amz-Date"]);
    }

    // --- helpers ---

    private static SuiteCase Case(string name) => Cases.First(c => c.Name == name);

    private static SignedRequest ToRequest(SuiteCase suite)
    {
        var headers = new List<KeyValuePair<string, string>> { KeyValuePair.Create("Host", "example.amazonaws.com") };
        foreach (var header in suite.Headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            headers.Add(KeyValuePair.Create(header[..colon], header[(colon + 1)..]));
        }
        headers.Add(KeyValuePair.Create("X-Amz-Date", SuiteDate));
        headers.Add(KeyValuePair.Create("Authorization", $"AWS4-HMAC-SHA256 {Scope}, SignedHeaders={suite.SignedHeaders}, Signature={suite.Signature}"));
        return new SignedRequest(suite.Method, suite.Path, suite.Query, headers, Encoding.UTF8.GetBytes(suite.Body));
    }

    private static SignedRequest WithAuthorization(SignedRequest request, string authorization) =>
        request with { Headers = request.Headers.Select(h => h.Key == "Authorization" ? KeyValuePair.Create(h.Key, authorization) : h).ToList() };

    private static AWSSigV4Parameters Parameters(string service, DateTime signedAt, RegionEndpoint? region = null, AWSCredentials? credentials = null) => new()
    {
        Credentials = credentials ?? new BasicAWSCredentials(AccessKey, Secret),
        Region = region ?? RegionEndpoint.USEast1,
        Service = service,
        SignedAt = signedAt,
    };

    /// <summary>Signs with the AWS SDK for .NET and returns the request as the server would see it on the wire.</summary>
    private static SignedRequest SignWithAwsSdk(string method, string uri, string body, string service, DateTime signedAt, RegionEndpoint? region = null,
        AWSCredentials? credentials = null, IDictionary<string, string>? headers = null)
    {
        var target = new Uri(uri);
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new AWSSigningRequest { HttpMethod = new HttpMethod(method), RequestUri = target, Content = bytes };
        request.Headers["Content-Type"] = "application/x-amz-json-1.1";
        request.Headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService.ListUserPools";
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers[name] = value;
        var result = AWSSigV4Signer.Sign(request, Parameters(service, signedAt, region, credentials));

        var sent = new List<KeyValuePair<string, string>> { KeyValuePair.Create("Host", target.IsDefaultPort ? target.Host : $"{target.Host}:{target.Port}") };
        sent.AddRange(request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value)));
        sent.AddRange(result.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value)));
        return new SignedRequest(method, target.AbsolutePath, target.Query, sent, bytes);
    }

    private static Task<SigV4Caller> Verify(SignedRequest request, DateTimeOffset? now = null, string expectedService = "service", Func<string, string?>? secretFor = null) =>
        SigV4Verifier.Verify(request, expectedService, (key, _) => ValueTask.FromResult(secretFor is null ? key == AccessKey ? Secret : null : secretFor(key)),
            now ?? SuiteNow, Skew, CancellationToken.None);

    private static async Task<CognitoException> Fails(SignedRequest request, DateTimeOffset? now = null, string expectedService = "service", Func<string, string?>? secretFor = null) =>
        await Assert.ThrowsAsync<CognitoException>(() => Verify(request, now, expectedService, secretFor));

    private static void AssertSignatureMismatch(CognitoException error)
    {
        Assert.Equal("InvalidSignatureException", error.Type);
        Assert.Equal(403, error.Status);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", error.Message, StringComparison.Ordinal);
    }
}
