using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Protocol;

/// <summary>AWS JSON 1.1 as the SDKs speak it (spec/protocol.md §1): dispatch, errors, headers, validation, CORS.</summary>
public sealed class AwsJsonProtocolTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private const string Idp = "AWSCognitoIdentityProviderService.";
    private const string AmzJson = "application/x-amz-json-1.1";

    private static readonly string[] AllowedOrigins = ["*", "http://localhost:5173"];

    private readonly AwsClient _aws = fixture.Host.Aws();
    private readonly CognitoHost _host = fixture.Host;

    private static async Task<(JsonNode Body, HttpResponseMessage Response)> Read(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response);
    }

    /// <summary>An AWS error answer: status, __type in the body, the x-amzn-ErrorType header, the content type, a request id.</summary>
    private static void AssertError(HttpResponseMessage response, JsonNode body, string type, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(type, body["__type"]!.GetValue<string>());
        Assert.NotNull(body["message"]);
        Assert.Equal(type + ":", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(AmzJson, response.Content.Headers.ContentType!.MediaType);
        Assert.True(Guid.TryParse(response.Headers.GetValues("x-amzn-RequestId").Single(), out var requestId));
        Assert.Equal((4, 0b10), (requestId.Version, requestId.Variant >> 2));
    }

    // A streamed answer would be chunked on a real socket, its last chunk sent only after the request log was written.
    [Theory]
    [InlineData(Idp + "ListUserPools", """{ "MaxResults": 1 }""", HttpStatusCode.OK)]
    [InlineData(Idp + "DescribeUserPool", """{ "UserPoolId": "us-east-1_missing" }""", HttpStatusCode.NotFound)]
    public async Task Answers_and_errors_are_sent_whole_with_their_Content_Length(string target, string request, HttpStatusCode status)
    {
        using var response = await _aws.Send(target, request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.NotNull(JsonNode.Parse(body));
    }

    // ---- Dispatch ----

    [Theory]
    [InlineData(Idp + "NoSuchOperation")]
    [InlineData(Idp + "describeUserPool")] // operation names match case-sensitively
    [InlineData("AWSCognitoIdentityProviderService")]
    [InlineData("SomeOtherService.CreateUserPool")]
    public async Task An_unknown_X_Amz_Target_is_UnknownOperationException(string target)
    {
        var (body, response) = await Read(_aws.Send(target, "{}"));
        using (response) AssertError(response, body, "UnknownOperationException");
    }

    [Fact]
    public async Task A_missing_X_Amz_Target_is_UnknownOperationException()
    {
        var (body, response) = await Read(_aws.Send(null, "{}"));
        using (response) AssertError(response, body, "UnknownOperationException");
    }

    [Fact]
    public async Task The_target_header_name_is_case_insensitive()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new StringContent("""{"MaxResults":1}""", Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(AmzJson);
        request.Headers.TryAddWithoutValidation("x-amz-target", Idp + "ListUserPools");
        using var response = await _aws.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // ---- Success answers ----

    [Fact]
    public async Task A_success_is_200_with_the_AWS_JSON_content_type_and_a_request_id()
    {
        var (body, response) = await Read(_aws.Send(Idp + "CreateUserPool", """{"PoolName":"protocol-success"}"""));
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(AmzJson, response.Content.Headers.ContentType!.MediaType);
            Assert.True(Guid.TryParse(response.Headers.GetValues("x-amzn-RequestId").Single(), out _));
            Assert.False(response.Headers.Contains("x-amzn-ErrorType"));
            Assert.Equal("protocol-success", body["UserPool"]!["Name"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/x-amz-json-1.1; charset=UTF-8")]
    public async Task Other_content_types_are_accepted(string contentType)
    {
        var (body, response) = await Read(_aws.Send(Idp + "ListUserPools", """{"MaxResults":1}""", contentType));
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(body["UserPools"]);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n ")]
    public async Task An_empty_body_is_read_as_an_empty_object(string empty)
    {
        var (body, response) = await Read(_aws.Send(Idp + "ListUserPools", empty));
        using (response)
        {
            AssertError(response, body, "InvalidParameterException");
            Assert.Equal("1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
                body["message"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Members_the_model_does_not_have_are_ignored()
    {
        var body = await _aws.Idp("ListUserPools", """{"MaxResults":1,"SomethingNew":{"Nested":[1,2]},"maxresults":"x"}""");
        Assert.NotNull(body["UserPools"]);
    }

    // ---- Error answers ----

    [Fact]
    public async Task An_error_carries_type_and_message_in_body_and_headers()
    {
        var (body, response) = await Read(_aws.Send(Idp + "DescribeUserPool", """{"UserPoolId":"us-east-1_Missing00"}"""));
        using (response)
        {
            AssertError(response, body, "ResourceNotFoundException", HttpStatusCode.NotFound);
            Assert.Equal("User pool us-east-1_Missing00 does not exist.", body["message"]!.GetValue<string>());
            Assert.Equal(body["message"]!.GetValue<string>(), response.Headers.GetValues("x-amzn-ErrorMessage").Single());
        }
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"PoolName":}""")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"PoolName\"")]
    [InlineData("""{"PoolName":"a"} trailing""")]
    public async Task Malformed_JSON_is_SerializationException(string json)
    {
        var (body, response) = await Read(_aws.Send(Idp + "CreateUserPool", json));
        using (response) AssertError(response, body, "SerializationException");
    }

    [Theory]
    [InlineData("ListUserPools", """{"MaxResults":"x"}""")]
    [InlineData("ListUserPools", """{"MaxResults":"10"}""")]
    [InlineData("ListUserPools", """{"MaxResults":true}""")]
    [InlineData("CreateUserPool", """{"PoolName":5}""")]
    [InlineData("CreateUserPool", """{"PoolName":"p","Policies":"x"}""")]
    [InlineData("CreateUserPool", """{"PoolName":"p","AliasAttributes":"email"}""")]
    [InlineData("CreateUserPool", """{"PoolName":"p","UserPoolTags":["a"]}""")]
    [InlineData("CreateUserPool", """{"PoolName":"p","Policies":{"PasswordPolicy":{"RequireNumbers":"yes"}}}""")]
    [InlineData("InitiateAuth", """{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"c","AuthParameters":{"USERNAME":5}}""")]
    [InlineData("RespondToAuthChallenge", """{"ChallengeName":"PASSWORD_VERIFIER","ClientId":"c","ChallengeResponses":["USERNAME"]}""")]
    public async Task A_member_of_the_wrong_type_is_SerializationException(string operation, string json)
    {
        var (body, response) = await Read(_aws.Send(Idp + operation, json));
        using (response) AssertError(response, body, "SerializationException");
    }

    [Fact]
    public async Task A_missing_required_member_is_InvalidParameterException_with_the_AWS_message()
    {
        var error = await Expect.InvalidParameter(() => _aws.Idp("CreateUserPool", new { }));
        Assert.Equal("1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null", error.AwsMessage);
    }

    [Theory]
    [InlineData("CreateUserPool", """{"PoolName":"bad/name"}""",
        """Value 'bad/name' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+""")]
    [InlineData("CreateUserPool", """{"PoolName":"p","DeletionProtection":"MAYBE"}""",
        "Value 'MAYBE' at 'deletionProtection' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE]")]
    [InlineData("CreateUserPool", """{"PoolName":"p","Policies":{"PasswordPolicy":{"MinimumLength":100}}}""",
        "Value '100' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value less than or equal to 99")]
    [InlineData("CreateUserPool", """{"PoolName":"p","Policies":{"PasswordPolicy":{"TemporaryPasswordValidityDays":366}}}""",
        "Value '366' at 'policies.passwordPolicy.temporaryPasswordValidityDays' failed to satisfy constraint: Member must have value less than or equal to 365")]
    [InlineData("CreateUserPool", """{"PoolName":"p","SmsVerificationMessage":"no code here"}""",
        """Value 'no code here' at 'smsVerificationMessage' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\{####\}.*""")]
    [InlineData("CreateUserPool", """{"PoolName":"p","EmailVerificationSubject":""}""",
        "Value '' at 'emailVerificationSubject' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    [InlineData("CreateUserPool", """{"PoolName":"p","AutoVerifiedAttributes":["email","fax"]}""",
        "Value '[email, fax]' at 'autoVerifiedAttributes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [phone_number, email]]")]
    [InlineData("CreateUserPool", """{"PoolName":"p","AccountRecoverySetting":{"RecoveryMechanisms":[{"Priority":1,"Name":"verified_email"},{"Priority":3,"Name":"verified_phone_number"}]}}""",
        "Value '3' at 'accountRecoverySetting.recoveryMechanisms.2.member.priority' failed to satisfy constraint: Member must have value less than or equal to 2")]
    [InlineData("CreateUserPool", """{"PoolName":"p","Schema":[{"Name":"x","AttributeDataType":"Text"}]}""",
        "Value 'Text' at 'schema.1.member.attributeDataType' failed to satisfy constraint: Member must satisfy enum value set: [String, Number, DateTime, Boolean]")]
    [InlineData("DescribeUserPool", """{"UserPoolId":"nounderscore"}""",
        """Value 'nounderscore' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w-]+_[0-9a-zA-Z]+""")]
    [InlineData("DescribeUserPool", """{"UserPoolId":"us-east-1_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""",
        "Value 'us-east-1_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' at 'userPoolId' failed to satisfy constraint: Member must have length less than or equal to 55")]
    [InlineData("ListUserPools", """{"MaxResults":100}""",
        "Value '100' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60")]
    [InlineData("DescribeUserPoolClient", """{"UserPoolId":"us-east-1_abc"}""",
        "Value null at 'clientId' failed to satisfy constraint: Member must not be null")]
    public async Task A_constraint_violation_is_InvalidParameterException_with_the_AWS_message(string operation, string json, string violation)
    {
        var error = await Expect.InvalidParameter(() => _aws.Idp(operation, json));
        Assert.Equal("1 validation error detected: " + violation, error.AwsMessage);
    }

    [Fact]
    public async Task A_too_long_name_is_reported_with_its_value()
    {
        var name = new string('a', 129);
        var error = await Expect.InvalidParameter(() => _aws.Idp("CreateUserPool", new { PoolName = name }));
        Assert.Equal(
            $"1 validation error detected: Value '{name}' at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128",
            error.AwsMessage);
    }

    [Fact]
    public async Task A_secret_member_is_never_echoed_in_a_validation_message()
    {
        var error = await Expect.InvalidParameter(() => _aws.Idp("DescribeUserPoolClient", new { UserPoolId = "us-east-1_abc", ClientId = "bad id!" }));
        Assert.DoesNotContain("bad id!", error.AwsMessage, StringComparison.Ordinal);
        Assert.Contains("at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern", error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_violations_are_reported_together()
    {
        var error = await Expect.InvalidParameter(() => _aws.Idp("CreateUserPool", new { PoolName = "bad/name", DeletionProtection = "MAYBE" }));
        const string poolName = """Value 'bad/name' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+""";
        const string protection = "Value 'MAYBE' at 'deletionProtection' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE]";
        Assert.Contains(error.AwsMessage, new[]
        {
            $"2 validation errors detected: {poolName}; {protection}",
            $"2 validation errors detected: {protection}; {poolName}",
        });
    }

    [Fact]
    public async Task An_empty_name_breaks_both_its_length_and_its_pattern()
    {
        var error = await Expect.InvalidParameter(() => _aws.Idp("CreateUserPool", new { PoolName = "" }));
        const string prefix = "2 validation errors detected: ";
        Assert.StartsWith(prefix, error.AwsMessage, StringComparison.Ordinal);
        var violations = error.AwsMessage[prefix.Length..].Split("; ");
        Assert.Equal(2, violations.Length);
        Assert.Contains("Value '' at 'poolName' failed to satisfy constraint: Member must have length greater than or equal to 1", violations);
        Assert.Contains("""Value '' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+""", violations);
    }

    // ---- Request ids ----

    [Fact]
    public async Task Every_answer_has_its_own_request_id()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var success = await _aws.Send(Idp + "ListUserPools", """{"MaxResults":1}""");
            Assert.Equal(HttpStatusCode.OK, success.StatusCode);
            ids.Add(success.Headers.GetValues("x-amzn-RequestId").Single());

            using var failure = await _aws.Send(Idp + "ListUserPools", "{}");
            Assert.Equal(HttpStatusCode.BadRequest, failure.StatusCode);
            ids.Add(failure.Headers.GetValues("x-amzn-RequestId").Single());

            using var unknown = await _aws.Send(Idp + "Nope", "{}");
            ids.Add(unknown.Headers.GetValues("x-amzn-RequestId").Single());

            using var health = await _aws.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
            ids.Add(health.Headers.GetValues("x-amzn-RequestId").Single());
        }
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    // ---- CORS ----

    [Fact]
    public async Task A_CORS_preflight_from_a_browser_is_allowed()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/");
        preflight.Headers.Add("Origin", "http://localhost:5173");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-user-agent,cache-control");
        using var response = await _aws.Http.SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {response.StatusCode}");
        Assert.Contains(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), AllowedOrigins);
        var allowedHeaders = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-amz-target", allowedHeaders, StringComparison.Ordinal);
        Assert.Contains("content-type", allowedHeaders, StringComparison.Ordinal);
        Assert.Contains("POST", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"MaxResults":1}""", HttpStatusCode.OK)]
    [InlineData("{}", HttpStatusCode.BadRequest)]
    public async Task A_cross_origin_call_exposes_the_AWS_headers(string json, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new StringContent(json, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(AmzJson);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", Idp + "ListUserPools");
        request.Headers.Add("Origin", "http://localhost:5173");
        using var response = await _aws.Http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), AllowedOrigins);
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"))
            .Split(',', StringSplitOptions.TrimEntries).Select(h => h.ToLowerInvariant()).ToList();
        Assert.Contains("x-amzn-requestid", exposed);
        Assert.Contains("x-amzn-errortype", exposed);
        Assert.Contains("x-amzn-errormessage", exposed);
    }

    // ---- Unexpected failures ----

    [Fact]
    public async Task An_unexpected_exception_is_a_500_InternalErrorException_naming_the_request_id()
    {
        // The seam: a clock that throws, so the first operation that reads the time fails in a way no code expects.
        using var broken = _host.WithWebHostBuilder(b => b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new BrokenClock())));
        var aws = new AwsClient(broken.CreateClient());

        var (body, response) = await Read(aws.Send(Idp + "CreateUserPool", """{"PoolName":"explodes"}"""));
        using (response)
        {
            AssertError(response, body, "InternalErrorException", HttpStatusCode.InternalServerError);
            var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
            Assert.Contains(requestId, body["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.DoesNotContain("clock", body["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }
    }

    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("The test clock is broken on purpose.");
    }
}
