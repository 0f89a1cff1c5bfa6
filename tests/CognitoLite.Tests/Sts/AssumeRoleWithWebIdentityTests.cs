using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using CognitoLite.Tests.Infrastructure;
using static CognitoLite.Tests.Sts.StsClient;

namespace CognitoLite.Tests.Sts;

public sealed class AssumeRoleWithWebIdentityTestsOnPostgres(StsHost<OnPostgres> fixture) : AssumeRoleWithWebIdentityContract(fixture), IClassFixture<StsHost<OnPostgres>>;

public sealed class AssumeRoleWithWebIdentityTestsOnSqlite(StsHost<OnSqlite> fixture) : AssumeRoleWithWebIdentityContract(fixture), IClassFixture<StsHost<OnSqlite>>;

/// <summary>STS AssumeRoleWithWebIdentity over the Query protocol, with cognito-identity's OpenID tokens, through the real host.</summary>
public abstract class AssumeRoleWithWebIdentityContract(StsHost fixture)
{
    private StsClient Sts() => new(fixture.Host.CreateClient());

    private async Task<XElement> Assume(string token, string role = StsHost.OpenRole, string session = "app-session", params (string, string)[] extra) =>
        await Sts().Call("AssumeRoleWithWebIdentity", [("RoleArn", role), ("RoleSessionName", session), ("WebIdentityToken", token), .. extra]);

    private static string Value(XElement result, params string[] path) =>
        path.Aggregate(result, (element, name) => element.Element(Ns + name)!).Value;

    [Fact]
    public async Task Returns_temporary_credentials_for_the_identity_behind_the_token()
    {
        var identityId = WebIdentityTokens.NewIdentityId();
        var token = await WebIdentityTokens.Mint(fixture.Host, identityId);

        var result = await Assume(token, StsHost.NotesRole, "notes-app");

        Assert.Equal(identityId, Value(result, "SubjectFromWebIdentityToken"));
        Assert.Equal(WebIdentityTokens.PoolId, Value(result, "Audience"));
        Assert.Equal("cognito-identity.amazonaws.com", Value(result, "Provider"));
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/NotesUser/notes-app", Value(result, "AssumedRoleUser", "Arn"));
        Assert.Matches("^AROA[A-Z2-7]{17}:notes-app$", Value(result, "AssumedRoleUser", "AssumedRoleId"));
        Assert.Matches("^ASIA[A-Z2-7]{16}$", Value(result, "Credentials", "AccessKeyId"));
        Assert.Equal(40, Value(result, "Credentials", "SecretAccessKey").Length);
        Assert.True(Value(result, "Credentials", "SessionToken").Length > 100);
        var expected = fixture.Clock.GetUtcNow().UtcDateTime.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(expected, Value(result, "Credentials", "Expiration"));
    }

    [Fact]
    public async Task The_role_id_is_stable_per_role_and_the_session_name_follows_it()
    {
        var first = await Assume(await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId()), session: "one");
        var second = await Assume(await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId()), session: "two");
        var other = await Assume(await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId()), "arn:aws:iam::123456789012:role/Undeclared", "one");

        var firstId = Value(first, "AssumedRoleUser", "AssumedRoleId");
        Assert.Equal(firstId.Split(':')[0] + ":two", Value(second, "AssumedRoleUser", "AssumedRoleId"));
        Assert.NotEqual(firstId, Value(other, "AssumedRoleUser", "AssumedRoleId"));
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/Open/one", Value(first, "AssumedRoleUser", "Arn"));
    }

    [Fact]
    public async Task Credentials_are_stored_with_the_secret_encrypted_and_the_session_token_hashed()
    {
        var identityId = WebIdentityTokens.NewIdentityId();
        var token = await WebIdentityTokens.Mint(fixture.Host, identityId, tags: new() { ["team"] = "blue" });
        const string policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

        var result = await Assume(token, StsHost.NotesRole, "stored", ("Policy", policy));

        var key = Value(result, "Credentials", "AccessKeyId");
        var row = Assert.Single(await StoredRows.Read(fixture.Host,
            $"SELECT \"SecretKeyCipher\", \"SessionTokenHash\", \"RoleArn\", \"Subject\", \"IdentityId\", \"Amr\", \"PrincipalTags\", \"SessionPolicy\" FROM \"IssuedCredentials\" WHERE \"AccessKeyId\" = '{key}'"));
        Assert.DoesNotContain(Value(result, "Credentials", "SecretAccessKey"), row, StringComparison.Ordinal);
        Assert.DoesNotContain(Value(result, "Credentials", "SessionToken"), row, StringComparison.Ordinal);
        var tokenHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Value(result, "Credentials", "SessionToken"))));
        Assert.Contains($"SessionTokenHash={tokenHash}", row, StringComparison.Ordinal);
        Assert.Contains($"RoleArn={StsHost.NotesRole}", row, StringComparison.Ordinal);
        Assert.Contains($"IdentityId={identityId}", row, StringComparison.Ordinal);
        Assert.Contains("cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01", row, StringComparison.Ordinal);
        Assert.Contains("\"team\":\"blue\"", row, StringComparison.Ordinal);
        Assert.Contains("s3:GetObject", row, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("900", 900)]
    [InlineData("43200", 43200)]
    public async Task DurationSeconds_sets_the_expiration(string duration, int seconds)
    {
        var result = await Assume(await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId()), StsHost.NotesRole, "timed",
            ("DurationSeconds", duration));

        var expected = fixture.Clock.GetUtcNow().UtcDateTime.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(expected, Value(result, "Credentials", "Expiration"));
    }

    [Theory]
    [InlineData("899", "Member must have value greater than or equal to 900")]
    [InlineData("43201", "Member must have value less than or equal to 43200")]
    [InlineData("ten", "Member must be a valid integer")]
    public async Task DurationSeconds_out_of_range_is_ValidationError(string duration, string constraint)
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());

        var error = await Error("ValidationError", HttpStatusCode.BadRequest, () => Assume(token, StsHost.NotesRole, "s1", ("DurationSeconds", duration)));

        Assert.Equal($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: {constraint}", error.StsMessage);
    }

    [Fact]
    public async Task DurationSeconds_beyond_the_roles_MaxSessionDuration_is_ValidationError()
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());

        // Open keeps IAM's default MaxSessionDuration of one hour.
        var error = await Error("ValidationError", HttpStatusCode.BadRequest, () => Assume(token, StsHost.OpenRole, "s1", ("DurationSeconds", "3601")));

        Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", error.StsMessage);
    }

    [Theory]
    [InlineData("RoleArn", "roleArn")]
    [InlineData("RoleSessionName", "roleSessionName")]
    [InlineData("WebIdentityToken", "webIdentityToken")]
    public async Task A_missing_parameter_is_ValidationError_naming_it(string parameter, string member)
    {
        var all = new List<(string, string)> { ("RoleArn", StsHost.OpenRole), ("RoleSessionName", "s1"), ("WebIdentityToken", "a.b.c") };
        all.RemoveAll(p => p.Item1 == parameter);

        var error = await Error("ValidationError", HttpStatusCode.BadRequest, () => Sts().Call("AssumeRoleWithWebIdentity", [.. all]));

        Assert.Equal($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null", error.StsMessage);
    }

    [Theory]
    [InlineData("a", "Member must have length greater than or equal to 2")]
    [InlineData("has space", @"Member must satisfy regular expression pattern: [\w+=,.@-]*")]
    [InlineData("sessión", @"Member must satisfy regular expression pattern: [\w+=,.@-]*")]
    public async Task A_bad_RoleSessionName_is_ValidationError(string session, string constraint)
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());

        var error = await Error("ValidationError", HttpStatusCode.BadRequest, () => Assume(token, session: session));

        Assert.Equal($"1 validation error detected: Value '{session}' at 'roleSessionName' failed to satisfy constraint: {constraint}", error.StsMessage);
    }

    [Fact]
    public async Task A_RoleSessionName_longer_than_64_is_ValidationError()
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());

        var error = await Error("ValidationError", HttpStatusCode.BadRequest, () => Assume(token, session: new string('s', 65)));

        Assert.EndsWith("Member must have length less than or equal to 64", error.StsMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/NotARole")]
    [InlineData("arn:aws:iam::1234:role/ShortAccount")]
    [InlineData("not-an-arn-but-long-enough")]
    public async Task A_RoleArn_that_is_not_a_role_is_ValidationError(string roleArn)
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());

        var error = await Error("ValidationError", HttpStatusCode.BadRequest, () => Assume(token, roleArn));

        Assert.Equal($"{roleArn} is invalid", error.StsMessage);
    }

    [Fact]
    public async Task A_tampered_token_is_InvalidIdentityToken()
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());
        var claims = TestJwt.Claims(token);
        claims["sub"] = WebIdentityTokens.NewIdentityId();
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{TestJwt.Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";

        await Error("InvalidIdentityToken", HttpStatusCode.BadRequest, () => Assume(tampered));
    }

    [Fact]
    public async Task A_token_signed_by_another_key_or_unsigned_is_InvalidIdentityToken()
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());
        using var foreignKey = RSA.Create(2048);

        await Error("InvalidIdentityToken", HttpStatusCode.BadRequest, () => Assume(TestJwt.Sign(TestJwt.Header(token), TestJwt.Claims(token), foreignKey)));
        await Error("InvalidIdentityToken", HttpStatusCode.BadRequest, () => Assume(TestJwt.Sign(TestJwt.Header(token), TestJwt.Claims(token), null)));
    }

    [Fact]
    public async Task A_user_pool_id_token_is_not_a_cognito_identity_token()
    {
        var flows = new IdpFlows(fixture.Host);
        var client = await flows.CreatePoolAndClient();
        await flows.ConfirmedUser(client, "ana");
        var idToken = (await flows.SignIn(client, "ana"))["IdToken"]!.GetValue<string>();

        await Error("InvalidIdentityToken", HttpStatusCode.BadRequest, () => Assume(idToken));
    }

    [Fact]
    public async Task Something_that_is_not_a_JWT_is_InvalidIdentityToken()
    {
        var error = await Error("InvalidIdentityToken", HttpStatusCode.BadRequest, () => Assume("not-a-jwt"));

        Assert.StartsWith("The ID Token provided is not a valid JWT.", error.StsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_ExpiredTokenException()
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId(), lifetime: TimeSpan.FromMinutes(10));
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        try
        {
            var error = await Error("ExpiredTokenException", HttpStatusCode.BadRequest, () => Assume(token));
            Assert.StartsWith("Token expired: current date/time", error.StsMessage, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(-11));
        }
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringSometimes":{"a:b":"c"}}}]}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}""")]
    [InlineData("""{"Version":"2099-01-01","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""")]
    public async Task A_malformed_session_policy_is_MalformedPolicyDocument(string policy)
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());

        await Error("MalformedPolicyDocument", HttpStatusCode.BadRequest, () => Assume(token, extra: ("Policy", policy)));
    }

    [Fact]
    public async Task PolicyArns_are_refused_rather_than_ignored()
    {
        var token = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());

        await Error("InvalidParameterValue", HttpStatusCode.BadRequest,
            () => Assume(token, extra: ("PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")));
    }

    [Fact]
    public async Task The_trust_policy_admits_authenticated_identities_of_its_pool_only()
    {
        var otherPool = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId(), WebIdentityTokens.OtherPoolId);
        var guest = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId(), amr: ["unauthenticated"]);
        var member = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId());

        var denied = await Error("AccessDenied", HttpStatusCode.Forbidden, () => Assume(otherPool, StsHost.NotesRole));
        await Error("AccessDenied", HttpStatusCode.Forbidden, () => Assume(guest, StsHost.NotesRole));
        await Assume(member, StsHost.NotesRole);

        Assert.Equal("Not authorized to perform sts:AssumeRoleWithWebIdentity", denied.StsMessage);
    }

    [Fact]
    public async Task A_role_without_a_trust_policy_admits_any_valid_token()
    {
        var guest = await WebIdentityTokens.Mint(fixture.Host, WebIdentityTokens.NewIdentityId(), WebIdentityTokens.OtherPoolId, ["unauthenticated"]);

        await Assume(guest, StsHost.OpenRole);
    }

    [Fact]
    public async Task The_error_body_is_STS_XML_with_the_request_id()
    {
        using var response = await Sts().Post([("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15")]);

        var body = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Ns + "ErrorResponse", body.Root!.Name);
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), body.Root.Element(Ns + "RequestId")!.Value);
        Assert.Equal("Sender", body.Root.Element(Ns + "Error")!.Element(Ns + "Type")!.Value);
    }
}
