using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Protocol;

/// <summary>
/// Requests no SDK sends (compressed, oversized, odd headers, unknown paths): every one is answered with an AWS error
/// a client can read, `{"__type", "message"}`, never a 500 or an empty body (spec/protocol.md §1).
/// </summary>
public sealed class HostileInputTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private const string Idp = "AWSCognitoIdentityProviderService.";
    private const string AmzJson = "application/x-amz-json-1.1";

    private readonly AwsClient _aws = fixture.Host.Aws();

    /// <summary>An AWS JSON error: status, __type in body and header, a message, the AWS JSON content type.</summary>
    private static async Task<JsonNode> AssertError(HttpResponseMessage response, string type, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal(AmzJson, response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!;
        Assert.Equal(type, body["__type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["message"]!.GetValue<string>()));
        Assert.Equal(type + ":", response.Headers.GetValues("x-amzn-ErrorType").Single());
        return body;
    }

    private async Task<HttpResponseMessage> Post(string target, byte[] body, string? contentEncoding = null, Action<HttpRequestMessage>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(AmzJson);
        if (contentEncoding is not null) request.Content.Headers.ContentEncoding.Add(contentEncoding);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        headers?.Invoke(request);
        return await _aws.Http.SendAsync(request);
    }

    private static byte[] Compress(string coding, byte[] content)
    {
        using var output = new MemoryStream();
        using (Stream encoder = coding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest),
            "br" => new BrotliStream(output, CompressionLevel.Fastest),
            _ => throw new ArgumentOutOfRangeException(nameof(coding)),
        })
        {
            encoder.Write(content);
        }
        return output.ToArray();
    }

    // ---- Content-Encoding ----

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task A_compressed_body_is_decoded(string coding)
    {
        using var response = await Post(Idp + "ListUserPools", Compress(coding, """{"MaxResults":1}"""u8.ToArray()), coding);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.NotNull(JsonNode.Parse(text)!["UserPools"]);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task A_body_that_is_not_what_its_Content_Encoding_says_is_SerializationException(string coding)
    {
        using var response = await Post(Idp + "ListUserPools", """{"MaxResults":1} but not compressed"""u8.ToArray(), coding);
        await AssertError(response, "SerializationException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_Content_Encoding_is_SerializationException()
    {
        using var response = await Post(Idp + "ListUserPools", """{"MaxResults":1}"""u8.ToArray(), "compress");
        var body = await AssertError(response, "SerializationException", HttpStatusCode.BadRequest);
        Assert.Contains("compress", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_body_that_decodes_past_the_limit_is_refused()
    {
        var bomb = Compress("gzip", new byte[8 * 1024 * 1024]);
        Assert.True(bomb.Length < 100_000);
        using var response = await Post(Idp + "ListUserPools", bomb, "gzip");
        await AssertError(response, "RequestTooLargeException", HttpStatusCode.RequestEntityTooLarge);
    }

    // ---- Sizes ----

    [Fact]
    public async Task A_body_over_the_limit_is_RequestTooLargeException()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"MaxResults":1,"Padding":"{{new string('a', 1024 * 1024)}}"}""");
        using var response = await Post(Idp + "ListUserPools", body);
        var error = await AssertError(response, "RequestTooLargeException", HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request body is larger than 1048576 bytes.", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_read()
    {
        var padding = new string('a', 1024 * 1024 - 64);
        using var response = await Post(Idp + "ListUserPools", Encoding.UTF8.GetBytes($$"""{"MaxResults":1,"Padding":"{{padding}}"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Headers_over_the_limit_are_RequestTooLargeException()
    {
        using var response = await Post(Idp + "ListUserPools", """{"MaxResults":1}"""u8.ToArray(),
            headers: r => r.Headers.TryAddWithoutValidation("X-Padding", new string('a', 40_000)));
        await AssertError(response, "RequestTooLargeException", HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task Too_many_headers_are_RequestTooLargeException()
    {
        using var response = await Post(Idp + "ListUserPools", """{"MaxResults":1}"""u8.ToArray(),
            headers: r => { for (var i = 0; i < 150; i++) r.Headers.TryAddWithoutValidation($"X-Header-{i}", "v"); });
        await AssertError(response, "RequestTooLargeException", HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task A_target_over_the_limit_is_RequestTooLargeException()
    {
        using var response = await _aws.Http.GetAsync(new Uri("/?" + new string('a', 10_000), UriKind.Relative));
        await AssertError(response, "RequestTooLargeException", HttpStatusCode.RequestUriTooLong);
    }

    // ---- Authorization ----

    [Fact]
    public async Task An_8000_character_Authorization_header_on_an_open_call_changes_nothing()
    {
        using var response = await Post(Idp + "ListUserPools", """{"MaxResults":1}"""u8.ToArray(),
            headers: r => r.Headers.TryAddWithoutValidation("Authorization", new string('A', 8000)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_error_echoing_a_huge_Authorization_header_keeps_its_header_copy_short()
    {
        var authorization = $"AWS4-HMAC-SHA256 Credential={new string('A', 8000)}/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=abc";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_policy/decide") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _aws.Http.SendAsync(request);

        await AssertError(response, "IncompleteSignatureException", HttpStatusCode.Forbidden);
        Assert.InRange(response.Headers.GetValues("x-amzn-ErrorMessage").Single().Length, 1, 1024);
    }

    // ---- Paths and methods ----

    [Theory]
    [InlineData("GET", "/nothing-here")]
    [InlineData("POST", "/nothing-here")]
    [InlineData("GET", "/us-east-1_abc/.well-known/nothing")]
    public async Task An_unknown_path_is_a_404_JSON_error(string method, string path)
    {
        using var response = await _aws.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") });
        await AssertError(response, "UnknownOperationException", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("DELETE", "/")]
    [InlineData("PUT", "/")]
    [InlineData("POST", "/health/live")]
    public async Task A_method_a_path_does_not_serve_is_a_405_JSON_error(string method, string path)
    {
        using var response = await _aws.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await AssertError(response, "UnknownOperationException", HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task GET_slash_names_the_endpoints()
    {
        using var response = await _aws.Http.GetAsync(new Uri("/", UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("X-Amz-Target", page, StringComparison.Ordinal);
        Assert.Contains("Action=", page, StringComparison.Ordinal);
        Assert.Contains("/.well-known/jwks.json", page, StringComparison.Ordinal);
        Assert.Contains("/health/live", page, StringComparison.Ordinal);
        Assert.Contains("/_dev/reset", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GET_slash_with_an_Action_is_still_STS()
    {
        using var response = await _aws.Http.GetAsync(new Uri("/?Action=GetCallerIdentity&Version=2011-06-15", UriKind.Relative));
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationToken", error.Descendants().Single(e => e.Name.LocalName == "Code").Value);
    }

    [Fact]
    public async Task An_STS_error_echoing_control_characters_is_still_XML()
    {
        using var response = await _aws.Http.PostAsync(new Uri("/", UriKind.Relative),
            new FormUrlEncodedContent([new("Action", "Get\u0001Caller"), new("Version", "2011-06-15")]));
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidAction", error.Descendants().Single(e => e.Name.LocalName == "Code").Value);
    }

    // ---- /_dev/reset ----

    [Fact]
    public async Task Resetting_an_unknown_pool_is_ResourceNotFoundException()
    {
        using var response = await _aws.Http.PostAsync(new Uri("/_dev/reset?userPoolId=us-east-1_Unknown00", UriKind.Relative), null);
        var error = await AssertError(response, "ResourceNotFoundException", HttpStatusCode.NotFound);
        Assert.Equal("User pool us-east-1_Unknown00 does not exist.", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resetting_a_pool_that_exists_empties_it()
    {
        var pool = (await _aws.Idp("CreateUserPool", new { PoolName = "hostile-reset" }))["UserPool"]!["Id"]!.GetValue<string>();
        using var response = await _aws.Http.PostAsync(new Uri($"/_dev/reset?userPoolId={pool}", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Expect.NotFound(() => _aws.Idp("DescribeUserPool", new { UserPoolId = pool }));
    }
}
