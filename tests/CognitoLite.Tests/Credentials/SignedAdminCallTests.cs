using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Credentials;

/// <summary>The server in production mode: admin keys from configuration, admin calls must carry a valid SigV4 signature.</summary>
public abstract class ProductionHost : HostFixture
{
    public const string AccessKeyId = "AKIACOGNITOLITETEST1";
    public const string SecretAccessKey = "cognitolite/test+secret/0123456789abcdefGHIJ";
    public const string SecondAccessKeyId = "AKIACOGNITOLITETEST2";
    public const string SecondSecretAccessKey = "another-secret-for-the-second-admin-key";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CognitoLite:Mode"] = "production",
        ["CognitoLite:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["CognitoLite:AdminCredentials:0:AccessKeyId"] = AccessKeyId,
        ["CognitoLite:AdminCredentials:0:SecretAccessKey"] = SecretAccessKey,
        ["CognitoLite:AdminCredentials:1:AccessKeyId"] = SecondAccessKeyId,
        ["CognitoLite:AdminCredentials:1:SecretAccessKey"] = SecondSecretAccessKey,
    };
}

public sealed class ProductionHost<TStore> : ProductionHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;
}

public sealed class SignedAdminCallTestsOnPostgres(ProductionHost<OnPostgres> fixture) : SignedAdminCallContract(fixture), IClassFixture<ProductionHost<OnPostgres>>;

public sealed class SignedAdminCallTestsOnSqlite(ProductionHost<OnSqlite> fixture) : SignedAdminCallContract(fixture), IClassFixture<ProductionHost<OnSqlite>>;

/// <summary>
/// Signed admin calls through the real host in production mode. Requests are signed by the AWS SDK for .NET's own
/// SigV4 signer (AWSSDK.Core's SigV4SigningHandler, the signer whose output SigV4VerifierTests checks against AWS's
/// published test vector), so what is verified here is what an SDK client sends.
/// </summary>
public abstract class SignedAdminCallContract(ProductionHost fixture)
{
    private const string Idp = "AWSCognitoIdentityProviderService.";

    [Fact]
    public async Task Signed_CreateUserPool_with_the_right_secret_succeeds()
    {
        var aws = Signed();

        var created = await aws.Idp("CreateUserPool", new { PoolName = "signed" });
        var id = created["UserPool"]!["Id"]!.GetValue<string>();
        var described = await aws.Idp("DescribeUserPool", new { UserPoolId = id });

        Assert.Equal("signed", described["UserPool"]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signed_call_answers_200_in_aws_json()
    {
        using var response = await Signed().Send(Idp + "ListUserPools", "{\"MaxResults\":10}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["UserPools"]);
    }

    [Fact]
    public async Task Second_configured_admin_key_is_accepted_too()
    {
        var aws = Signed(new BasicAWSCredentials(ProductionHost.SecondAccessKeyId, ProductionHost.SecondSecretAccessKey));

        await aws.Idp("ListUserPools", new { MaxResults = 10 });
    }

    [Fact]
    public async Task Session_credentials_of_a_configured_key_are_accepted()
    {
        var aws = Signed(new SessionAWSCredentials(ProductionHost.AccessKeyId, ProductionHost.SecretAccessKey, "session-token"));

        await aws.Idp("ListUserPools", new { MaxResults = 10 });
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-west-1")]
    [InlineData("ap-southeast-2")]
    public async Task Any_region_in_the_credential_scope_is_accepted(string region)
    {
        await Signed(region: RegionEndpoint.GetBySystemName(region)).Idp("ListUserPools", new { MaxResults = 10 });
    }

    [Fact]
    public async Task Wrong_secret_is_403_InvalidSignature()
    {
        var aws = Signed(new BasicAWSCredentials(ProductionHost.AccessKeyId, ProductionHost.SecretAccessKey + "x"));

        var error = await Error("InvalidSignatureException", () => aws.Idp("CreateUserPool", new { PoolName = "wrong-secret" }));

        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_of_the_other_admin_key_is_403_InvalidSignature()
    {
        var aws = Signed(new BasicAWSCredentials(ProductionHost.AccessKeyId, ProductionHost.SecondSecretAccessKey));

        await Error("InvalidSignatureException", () => aws.Idp("ListUserPools", new { MaxResults = 10 }));
    }

    [Fact]
    public async Task Body_altered_after_signing_is_403_InvalidSignature()
    {
        var aws = Signed(tamper: async request =>
        {
            var body = await request.Content!.ReadAsStringAsync();
            var contentType = request.Content.Headers.ContentType;
            request.Content = new StringContent(body.Replace("\"original\"", "\"altered\"", StringComparison.Ordinal), Encoding.UTF8);
            request.Content.Headers.ContentType = contentType;
        });

        await Error("InvalidSignatureException", () => aws.Idp("CreateUserPool", new { PoolName = "original" }));
    }

    [Fact]
    public async Task Body_altered_keeping_its_length_is_403_InvalidSignature()
    {
        var aws = Signed(tamper: async request =>
        {
            var body = await request.Content!.ReadAsStringAsync();
            var contentType = request.Content.Headers.ContentType;
            request.Content = new StringContent(body.Replace("\"aaaa\"", "\"bbbb\"", StringComparison.Ordinal), Encoding.UTF8);
            request.Content.Headers.ContentType = contentType;
        });

        await Error("InvalidSignatureException", () => aws.Idp("CreateUserPool", new { PoolName = "aaaa" }));
    }

    [Fact]
    public async Task X_Amz_Target_altered_after_signing_is_403_InvalidSignature()
    {
        // A captured ListUserPools signature must not authorise another operation.
        var aws = Signed(tamper: request =>
        {
            request.Headers.Remove("X-Amz-Target");
            request.Headers.TryAddWithoutValidation("X-Amz-Target", Idp + "ListUserPoolClients");
            return Task.CompletedTask;
        });

        await Error("InvalidSignatureException", () => aws.Idp("ListUserPools", new { MaxResults = 10 }));
    }

    [Fact]
    public async Task X_Amz_Date_altered_after_signing_is_403_InvalidSignature()
    {
        var aws = Signed(tamper: request =>
        {
            var signedAt = DateTime.ParseExact(request.Headers.GetValues("X-Amz-Date").Single(), "yyyyMMdd'T'HHmmss'Z'",
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
            request.Headers.Remove("X-Amz-Date");
            request.Headers.TryAddWithoutValidation("X-Amz-Date", signedAt.AddSeconds(1).ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        });

        await Error("InvalidSignatureException", () => aws.Idp("ListUserPools", new { MaxResults = 10 }));
    }

    [Fact]
    public async Task Unsigned_header_added_after_signing_is_ignored()
    {
        var aws = Signed(tamper: request =>
        {
            request.Headers.TryAddWithoutValidation("amz-sdk-request", "attempt=2; max=3");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
            return Task.CompletedTask;
        });

        await aws.Idp("ListUserPools", new { MaxResults = 10 });
    }

    [Fact]
    public async Task Signature_more_than_15_minutes_old_is_403_Signature_expired()
    {
        var aws = Signed(signedAt: DateTime.UtcNow.AddMinutes(-16));

        var error = await Error("InvalidSignatureException", () => aws.Idp("ListUserPools", new { MaxResults = 10 }));

        Assert.StartsWith("Signature expired:", error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_more_than_15_minutes_ahead_is_403_Signature_not_yet_current()
    {
        var aws = Signed(signedAt: DateTime.UtcNow.AddMinutes(16));

        var error = await Error("InvalidSignatureException", () => aws.Idp("ListUserPools", new { MaxResults = 10 }));

        Assert.StartsWith("Signature not yet current:", error.AwsMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-10)]
    [InlineData(10)]
    public async Task Signature_within_the_allowed_clock_skew_is_accepted(int minutes)
    {
        await Signed(signedAt: DateTime.UtcNow.AddMinutes(minutes)).Idp("ListUserPools", new { MaxResults = 10 });
    }

    [Fact]
    public async Task Unknown_access_key_is_403_UnrecognizedClient()
    {
        var aws = Signed(new BasicAWSCredentials("AKIAUNKNOWNKEY000000", ProductionHost.SecretAccessKey));

        var error = await Error("UnrecognizedClientException", () => aws.Idp("CreateUserPool", new { PoolName = "unknown-key" }));

        Assert.Equal("The security token included in the request is invalid.", error.AwsMessage);
    }

    [Fact]
    public async Task Signature_scoped_to_another_service_is_403_InvalidSignature()
    {
        var aws = Signed(service: "cognito-identity");

        var error = await Error("InvalidSignatureException", () => aws.Idp("ListUserPools", new { MaxResults = 10 }));

        Assert.Contains("'cognito-idp'", error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_pool_admin_calls_are_signed_for_cognito_identity_and_GetId_needs_no_signature()
    {
        var aws = Signed(service: "cognito-identity");
        var unsigned = fixture.Host.Aws();

        var poolId = (await aws.Identity("CreateIdentityPool", new { IdentityPoolName = "signed", AllowUnauthenticatedIdentities = true }))["IdentityPoolId"]!.GetValue<string>();
        var identityId = (await unsigned.Identity("GetId", new { IdentityPoolId = poolId }))["IdentityId"]!.GetValue<string>();

        Assert.StartsWith("us-east-1:", identityId, StringComparison.Ordinal);
        await Error("MissingAuthenticationTokenException", () => unsigned.Identity("DescribeIdentityPool", new { IdentityPoolId = poolId }));
        await Error("MissingAuthenticationTokenException", () => unsigned.Identity("GetOpenIdTokenForDeveloperIdentity",
            new { IdentityPoolId = poolId, Logins = new Dictionary<string, string> { ["login.example.app"] = "u" } }));
        await Error("InvalidSignatureException", () => Signed().Identity("DescribeIdentityPool", new { IdentityPoolId = poolId }));
    }

    [Fact]
    public async Task Unsigned_admin_call_is_403_MissingAuthenticationToken()
    {
        var aws = fixture.Host.Aws();

        await Error("MissingAuthenticationTokenException", () => aws.Idp("CreateUserPool", new { PoolName = "unsigned" }));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIACOGNITOLITETEST1/20240101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date")]
    public async Task Malformed_Authorization_is_403_IncompleteSignature(string authorization)
    {
        var aws = new AwsClient(fixture.Host.CreateDefaultClient(new Tamper(request =>
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            request.Headers.TryAddWithoutValidation("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        })));

        await Error("IncompleteSignatureException", () => aws.Idp("ListUserPools", new { MaxResults = 10 }));
    }

    [Fact]
    public async Task Rejected_signature_changes_nothing()
    {
        var name = "never-" + Guid.NewGuid().ToString("N")[..8];
        var forged = Signed(new BasicAWSCredentials(ProductionHost.AccessKeyId, "not-the-secret"));

        await Error("InvalidSignatureException", () => forged.Idp("CreateUserPool", new { PoolName = name }));

        var pools = await Signed().Idp("ListUserPools", new { MaxResults = 60 });
        Assert.DoesNotContain(pools["UserPools"]!.AsArray(), pool => pool!["Name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task Unsigned_operation_is_not_asked_for_a_signature()
    {
        var error = await AwsClient.Fails(() => fixture.Host.Aws().Idp("InitiateAuth",
            new { ClientId = "nosuchclient0000000000000", AuthFlow = "USER_PASSWORD_AUTH", AuthParameters = new { USERNAME = "u", PASSWORD = "p" } }));

        Assert.DoesNotContain(error.Type, SignatureErrors);
    }

    [Fact]
    public async Task Unsigned_operation_sent_signed_with_an_unknown_key_is_not_rejected_for_it()
    {
        // Some clients sign everything (spec/protocol.md §2): a signature on an open operation is neither required nor checked.
        var aws = Signed(new BasicAWSCredentials("AKIAUNKNOWNKEY000000", "whatever"));

        var error = await AwsClient.Fails(() => aws.Idp("InitiateAuth",
            new { ClientId = "nosuchclient0000000000000", AuthFlow = "USER_PASSWORD_AUTH", AuthParameters = new { USERNAME = "u", PASSWORD = "p" } }));

        Assert.DoesNotContain(error.Type, SignatureErrors);
    }

    private static readonly string[] SignatureErrors =
        ["MissingAuthenticationTokenException", "IncompleteSignatureException", "InvalidSignatureException", "UnrecognizedClientException"];

    // --- helpers ---

    /// <summary>An AWS JSON client whose requests the AWS SDK signs, then <paramref name="tamper"/> may alter on their way to the server.</summary>
    private AwsClient Signed(AWSCredentials? credentials = null, string service = "cognito-idp", RegionEndpoint? region = null, DateTime? signedAt = null,
        Func<HttpRequestMessage, Task>? tamper = null)
    {
        HttpMessageHandler server = fixture.Host.Server.CreateHandler();
        if (tamper is not null) server = new Tamper(tamper) { InnerHandler = server };
        var signer = new SigV4SigningHandler(new AWSSigV4Parameters
        {
            Credentials = credentials ?? new BasicAWSCredentials(ProductionHost.AccessKeyId, ProductionHost.SecretAccessKey),
            Region = region ?? RegionEndpoint.USEast1,
            Service = service,
            SignedAt = signedAt,
        }, server);
        return new AwsClient(new HttpClient(signer) { BaseAddress = fixture.Host.Server.BaseAddress });
    }

    private static async Task<AwsErrorException> Error(string type, Func<Task> call)
    {
        var error = await AwsClient.Fails(call);
        Assert.Equal(type, error.Type);
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal(type + ":", error.Response.Headers.GetValues("x-amzn-ErrorType").Single());
        return error;
    }
}

public sealed class DevelopmentModeSignatureTestsOnPostgres(PostgresHost fixture) : DevelopmentModeSignatureContract(fixture), IClassFixture<PostgresHost>;

public sealed class DevelopmentModeSignatureTestsOnSqlite(SqliteHost fixture) : DevelopmentModeSignatureContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Development mode (the default): admin calls are accepted with no signature or any signature.</summary>
public abstract class DevelopmentModeSignatureContract(HostFixture fixture)
{
    [Fact]
    public async Task Unsigned_admin_call_is_accepted()
    {
        var created = await fixture.Host.Aws().Idp("CreateUserPool", new { PoolName = "dev-unsigned" });

        Assert.Equal("dev-unsigned", created["UserPool"]!["Name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeef")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/cognito-idp/aws4_request")]
    public async Task Garbage_signed_admin_call_is_accepted(string authorization)
    {
        var aws = new AwsClient(fixture.Host.CreateDefaultClient(new Tamper(request =>
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            request.Headers.TryAddWithoutValidation("X-Amz-Date", "20150830T123600Z");
            return Task.CompletedTask;
        })));

        var created = await aws.Idp("CreateUserPool", new { PoolName = "dev-garbage" });

        Assert.Equal("dev-garbage", created["UserPool"]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admin_call_signed_by_the_sdk_with_any_key_is_accepted()
    {
        var signer = new SigV4SigningHandler(new BasicAWSCredentials("AKIAANYKEY", "any-secret"), RegionEndpoint.USEast1, "cognito-idp",
            fixture.Host.Server.CreateHandler());
        var aws = new AwsClient(new HttpClient(signer) { BaseAddress = fixture.Host.Server.BaseAddress });

        await aws.Idp("ListUserPools", new { MaxResults = 10 });
    }
}

/// <summary>Changes a request after any signing handler before it and before it reaches the server.</summary>
internal sealed class Tamper(Func<HttpRequestMessage, Task> change) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await change(request);
        return await base.SendAsync(request, cancellationToken);
    }
}
