using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Sts;

public sealed class AwsSdkStsTestsOnPostgres(StsHost<OnPostgres> fixture) : AwsSdkStsContract(fixture), IClassFixture<StsHost<OnPostgres>>;

public sealed class AwsSdkStsTestsOnSqlite(StsHost<OnSqlite> fixture) : AwsSdkStsContract(fixture), IClassFixture<StsHost<OnSqlite>>;

/// <summary>The AWS SDK for .NET's own STS client (AWSSDK.SecurityToken), unmodified, pointed at the host.</summary>
public abstract class AwsSdkStsContract(StsHost fixture)
{
    /// <summary>Routes the SDK's HTTP calls to the in-memory test server.</summary>
    private sealed class TestServerClients(CognitoHost host) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new PlainUri { InnerHandler = host.Server.CreateHandler() });
    }

    /// <summary>
    /// The SDK builds its URIs with DangerousDisablePathAndQueryCanonicalization, which the in-memory server's handler cannot
    /// read; the same URI text, parsed normally, goes on the wire unchanged.
    /// </summary>
    private sealed class PlainUri : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(request.RequestUri!.OriginalString);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private AmazonSecurityTokenServiceClient Client(AWSCredentials credentials) => new(credentials, new AmazonSecurityTokenServiceConfig
    {
        ServiceURL = fixture.Host.Server.BaseAddress.ToString(),
        AuthenticationRegion = "us-east-1",
        HttpClientFactory = new TestServerClients(fixture.Host),
        MaxErrorRetry = 0,
    });

    private Task<AssumeRoleWithWebIdentityResponse> Assume(string token) =>
        Client(new AnonymousAWSCredentials()).AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = StsHost.NotesRole,
            RoleSessionName = "dotnet-sdk",
            WebIdentityToken = token,
            DurationSeconds = 1800,
        });

    [Fact]
    public async Task AssumeRoleWithWebIdentity_then_GetCallerIdentity_with_the_issued_session_credentials()
    {
        var identityId = WebIdentityTokens.NewIdentityId();
        var assumed = await Assume(await WebIdentityTokens.Mint(fixture.Host, identityId));

        Assert.Equal(identityId, assumed.SubjectFromWebIdentityToken);
        Assert.Equal(WebIdentityTokens.PoolId, assumed.Audience);
        Assert.Equal("cognito-identity.amazonaws.com", assumed.Provider);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/NotesUser/dotnet-sdk", assumed.AssumedRoleUser.Arn);
        Assert.StartsWith("ASIA", assumed.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(fixture.Clock.GetUtcNow().UtcDateTime.AddSeconds(1800), assumed.Credentials.Expiration!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.False(string.IsNullOrEmpty(assumed.ResponseMetadata.RequestId));

        var session = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        var caller = await Client(session).GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(assumed.AssumedRoleUser.Arn, caller.Arn);
        Assert.Equal(assumed.AssumedRoleUser.AssumedRoleId, caller.UserId);
        Assert.Equal(StsHost.Account, caller.Account);
    }

    [Fact]
    public async Task An_invalid_token_is_the_SDKs_InvalidIdentityTokenException()
    {
        var error = await Assert.ThrowsAsync<InvalidIdentityTokenException>(() => Assume("not-a-jwt"));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_the_SDKs_ExpiredTokenException()
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId(), lifetime: TimeSpan.FromMinutes(5));
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        try
        {
            await Assert.ThrowsAsync<ExpiredTokenException>(() => Assume(token));
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(-6));
        }
    }

    [Fact]
    public async Task A_trust_policy_refusal_is_AccessDenied()
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId(), WebIdentityTokens.OtherPoolId);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => Assume(token));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task A_wrong_secret_is_SignatureDoesNotMatch_to_the_SDK()
    {
        var assumed = await Assume(await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId()));
        var secret = assumed.Credentials.SecretAccessKey;
        // Another first character: a secret that already began with "x" stayed right, and the test failed about once in 40 runs.
        var wrong = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, (secret[0] == 'x' ? "y" : "x") + secret[1..], assumed.Credentials.SessionToken);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => Client(wrong).GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }
}
