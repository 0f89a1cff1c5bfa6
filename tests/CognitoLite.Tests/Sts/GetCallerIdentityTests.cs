using System.Net;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CognitoLite.Tests.Credentials;
using CognitoLite.Tests.Infrastructure;
using static CognitoLite.Tests.Sts.StsClient;

namespace CognitoLite.Tests.Sts;

public sealed class GetCallerIdentityTestsOnPostgres(StsHost<OnPostgres> fixture) : GetCallerIdentityContract(fixture), IClassFixture<StsHost<OnPostgres>>;

public sealed class GetCallerIdentityTestsOnSqlite(StsHost<OnSqlite> fixture) : GetCallerIdentityContract(fixture), IClassFixture<StsHost<OnSqlite>>;

/// <summary>Issued credentials as a client uses them: requests signed by AWSSDK.Core's SigV4 signer with X-Amz-Security-Token.</summary>
public abstract class GetCallerIdentityContract(StsHost fixture)
{
    private async Task<SessionAWSCredentials> Issue(string role = StsHost.NotesRole, string session = "caller", string duration = "900")
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());
        var result = await new StsClient(fixture.Host.CreateClient()).Call("AssumeRoleWithWebIdentity",
            ("RoleArn", role), ("RoleSessionName", session), ("WebIdentityToken", token), ("DurationSeconds", duration));
        var credentials = result.Element(Ns + "Credentials")!;
        return new SessionAWSCredentials(credentials.Element(Ns + "AccessKeyId")!.Value, credentials.Element(Ns + "SecretAccessKey")!.Value,
            credentials.Element(Ns + "SessionToken")!.Value);
    }

    /// <summary>An STS client whose form posts the SDK's signer signs (at the host's clock), then <paramref name="tamper"/> may alter.</summary>
    private StsClient Signed(AWSCredentials credentials, string service = "sts", Func<HttpRequestMessage, Task>? tamper = null)
    {
        HttpMessageHandler server = fixture.Host.Server.CreateHandler();
        if (tamper is not null) server = new Tamper(tamper) { InnerHandler = server };
        var signer = new SigV4SigningHandler(new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.USEast1,
            Service = service,
            SignedAt = fixture.Clock.GetUtcNow().UtcDateTime,
        }, server);
        return new StsClient(new HttpClient(signer) { BaseAddress = fixture.Host.Server.BaseAddress });
    }

    private static string Value(XElement result, string name) => result.Element(Ns + name)!.Value;

    [Fact]
    public async Task Issued_credentials_identify_the_assumed_role_session()
    {
        var credentials = await Issue(session: "who-am-i");

        var identity = await Signed(credentials).Call("GetCallerIdentity");

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/NotesUser/who-am-i", Value(identity, "Arn"));
        Assert.Equal(StsHost.Account, Value(identity, "Account"));
        Assert.Matches("^AROA[A-Z2-7]{17}:who-am-i$", Value(identity, "UserId"));
    }

    [Fact]
    public async Task A_GET_with_the_action_in_the_query_string_works_too()
    {
        var credentials = await Issue(session: "by-get");
        var signer = new SigV4SigningHandler(new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.USEast1,
            Service = "sts",
            SignedAt = fixture.Clock.GetUtcNow().UtcDateTime,
        }, fixture.Host.Server.CreateHandler());
        using var http = new HttpClient(signer) { BaseAddress = fixture.Host.Server.BaseAddress };

        using var response = await http.GetAsync("/?Action=GetCallerIdentity&Version=2011-06-15");

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/NotesUser/by-get", Value(await Result(response, "GetCallerIdentity"), "Arn"));
    }

    [Fact]
    public async Task A_wrong_secret_is_SignatureDoesNotMatch()
    {
        var issued = (await Issue()).GetCredentials();
        var wrong = new SessionAWSCredentials(issued.AccessKey, issued.SecretKey[..^1] + (issued.SecretKey[^1] == 'A' ? 'B' : 'A'), issued.Token);

        var error = await Error("SignatureDoesNotMatch", HttpStatusCode.Forbidden, () => Signed(wrong).Call("GetCallerIdentity"));

        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", error.StsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_altered_after_signing_is_SignatureDoesNotMatch()
    {
        var credentials = await Issue();
        var signed = Signed(credentials, tamper: request =>
        {
            request.Content = new FormUrlEncodedContent([new("Action", "GetCallerIdentity"), new("Version", "2011-06-15"), new("Extra", "x")]);
            return Task.CompletedTask;
        });

        await Error("SignatureDoesNotMatch", HttpStatusCode.Forbidden, () => signed.Call("GetCallerIdentity"));
    }

    [Fact]
    public async Task Without_the_session_token_the_key_is_InvalidClientTokenId()
    {
        var issued = (await Issue()).GetCredentials();

        var error = await Error("InvalidClientTokenId", HttpStatusCode.Forbidden,
            () => Signed(new BasicAWSCredentials(issued.AccessKey, issued.SecretKey)).Call("GetCallerIdentity"));

        Assert.Equal("The security token included in the request is invalid.", error.StsMessage);
    }

    [Fact]
    public async Task Another_sessions_token_is_InvalidClientTokenId()
    {
        var mine = (await Issue()).GetCredentials();
        var theirs = (await Issue()).GetCredentials();

        await Error("InvalidClientTokenId", HttpStatusCode.Forbidden,
            () => Signed(new SessionAWSCredentials(mine.AccessKey, mine.SecretKey, theirs.Token)).Call("GetCallerIdentity"));
    }

    [Fact]
    public async Task An_unknown_temporary_key_is_InvalidClientTokenId()
    {
        await Error("InvalidClientTokenId", HttpStatusCode.Forbidden,
            () => Signed(new SessionAWSCredentials("ASIAAAAAAAAAAAAAAAAA", "secret", "token")).Call("GetCallerIdentity"));
    }

    [Fact]
    public async Task Expired_credentials_are_ExpiredToken()
    {
        var credentials = await Issue(duration: "900");
        fixture.Clock.Advance(TimeSpan.FromSeconds(901));
        try
        {
            var error = await Error("ExpiredToken", HttpStatusCode.Forbidden, () => Signed(credentials).Call("GetCallerIdentity"));
            Assert.Equal("The security token included in the request is expired", error.StsMessage);
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(-901));
        }
    }

    [Fact]
    public async Task Credentials_are_good_until_they_expire()
    {
        var credentials = await Issue(duration: "900");
        fixture.Clock.Advance(TimeSpan.FromSeconds(899));
        try
        {
            await Signed(credentials).Call("GetCallerIdentity");
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(-899));
        }
    }

    [Fact]
    public async Task A_signature_for_another_service_is_SignatureDoesNotMatch()
    {
        var credentials = await Issue();

        await Error("SignatureDoesNotMatch", HttpStatusCode.Forbidden, () => Signed(credentials, "cognito-idp").Call("GetCallerIdentity"));
    }

    [Fact]
    public async Task Unsigned_is_MissingAuthenticationToken()
    {
        await Error("MissingAuthenticationToken", HttpStatusCode.Forbidden, () => new StsClient(fixture.Host.CreateClient()).Call("GetCallerIdentity"));
    }

    [Fact]
    public async Task In_development_mode_any_other_key_is_the_accounts_root()
    {
        var identity = await Signed(new BasicAWSCredentials("local", "local")).Call("GetCallerIdentity");

        Assert.Equal("arn:aws:iam::000000000000:root", Value(identity, "Arn"));
        Assert.Equal("000000000000", Value(identity, "UserId"));
    }

    [Theory]
    [InlineData("GetSessionToken")]
    [InlineData("NoSuchAction")]
    public async Task An_unsupported_action_is_InvalidAction(string action)
    {
        var error = await Error("InvalidAction", HttpStatusCode.BadRequest, () => new StsClient(fixture.Host.CreateClient()).Call(action));

        Assert.Equal($"Could not find operation {action} for version 2011-06-15", error.StsMessage);
    }

    [Fact]
    public async Task A_missing_Action_or_Version_or_another_Version_is_refused()
    {
        var sts = new StsClient(fixture.Host.CreateClient());

        await Error("MissingAction", HttpStatusCode.BadRequest, async () => await Result(await sts.Post([("Version", "2011-06-15")]), "x"));
        await Error("MissingParameter", HttpStatusCode.BadRequest, async () => await Result(await sts.Post([("Action", "GetCallerIdentity")]), "x"));
        await Error("InvalidAction", HttpStatusCode.BadRequest,
            async () => await Result(await sts.Post([("Action", "GetCallerIdentity"), ("Version", "2010-05-08")]), "x"));
    }

    [Fact]
    public async Task AWS_JSON_calls_on_the_same_port_still_reach_their_service()
    {
        var pools = await fixture.Host.Aws().Idp("ListUserPools", new { MaxResults = 10 });

        Assert.NotNull(pools["UserPools"]);
    }
}

public sealed class GetCallerIdentityProductionTestsOnPostgres(ProductionHost<OnPostgres> fixture) : GetCallerIdentityProductionContract(fixture), IClassFixture<ProductionHost<OnPostgres>>;

public sealed class GetCallerIdentityProductionTestsOnSqlite(ProductionHost<OnSqlite> fixture) : GetCallerIdentityProductionContract(fixture), IClassFixture<ProductionHost<OnSqlite>>;

/// <summary>Production mode: configured admin keys are verified and answer as the account's root; other keys are refused.</summary>
public abstract class GetCallerIdentityProductionContract(ProductionHost fixture)
{
    private StsClient Signed(AWSCredentials credentials) => new(new HttpClient(
        new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, "sts", fixture.Host.Server.CreateHandler()))
    {
        BaseAddress = fixture.Host.Server.BaseAddress,
    });

    [Fact]
    public async Task An_admin_key_is_the_accounts_root()
    {
        var identity = await Signed(new BasicAWSCredentials(ProductionHost.AccessKeyId, ProductionHost.SecretAccessKey)).Call("GetCallerIdentity");

        Assert.Equal("arn:aws:iam::000000000000:root", identity.Element(Ns + "Arn")!.Value);
    }

    [Fact]
    public async Task An_admin_key_with_a_wrong_secret_is_SignatureDoesNotMatch()
    {
        await Error("SignatureDoesNotMatch", HttpStatusCode.Forbidden,
            () => Signed(new BasicAWSCredentials(ProductionHost.AccessKeyId, "wrong")).Call("GetCallerIdentity"));
    }

    [Fact]
    public async Task An_unknown_key_is_InvalidClientTokenId()
    {
        await Error("InvalidClientTokenId", HttpStatusCode.Forbidden,
            () => Signed(new BasicAWSCredentials("AKIAUNKNOWNKEY000000", "whatever")).Call("GetCallerIdentity"));
    }
}
