using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using CognitoLite.Tests.Infrastructure;
using static CognitoLite.Tests.Sts.StsClient;

namespace CognitoLite.Tests.Sts;

public sealed class PolicyDecisionTestsOnPostgres(StsHost<OnPostgres> fixture) : PolicyDecisionContract(fixture), IClassFixture<StsHost<OnPostgres>>;

public sealed class PolicyDecisionTestsOnSqlite(StsHost<OnSqlite> fixture) : PolicyDecisionContract(fixture), IClassFixture<StsHost<OnSqlite>>;

/// <summary>
/// POST /_policy/decide through the real host: a question signed with issued credentials, answered from the assumed
/// role's policies. The DynamoDB per-identity example end to end.
/// </summary>
public abstract class PolicyDecisionContract(StsHost fixture)
{
    private sealed record Session(string IdentityId, AWSCredentials Credentials);

    private async Task<Session> SignIn(string role = StsHost.NotesRole, Dictionary<string, string>? tags = null, string? policy = null)
    {
        var identityId = WebIdentityTokens.NewIdentityId();
        var token = await WebIdentityTokens.Mint(fixture.Host, identityId, tags: tags);
        List<(string, string)> parameters = [("RoleArn", role), ("RoleSessionName", "app"), ("WebIdentityToken", token)];
        if (policy is not null) parameters.Add(("Policy", policy));
        var result = await new StsClient(fixture.Host.CreateClient()).Call("AssumeRoleWithWebIdentity", [.. parameters]);
        var credentials = result.Element(Ns + "Credentials")!;
        return new Session(identityId, new SessionAWSCredentials(credentials.Element(Ns + "AccessKeyId")!.Value,
            credentials.Element(Ns + "SecretAccessKey")!.Value, credentials.Element(Ns + "SessionToken")!.Value));
    }

    private HttpClient Signed(AWSCredentials? credentials)
    {
        HttpMessageHandler server = fixture.Host.Server.CreateHandler();
        if (credentials is not null)
            server = new SigV4SigningHandler(new AWSSigV4Parameters
            {
                Credentials = credentials,
                Region = RegionEndpoint.USEast1,
                Service = "execute-api",
                SignedAt = fixture.Clock.GetUtcNow().UtcDateTime,
            }, server);
        return new HttpClient(server) { BaseAddress = fixture.Host.Server.BaseAddress };
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> Ask(AWSCredentials? credentials, object question)
    {
        using var http = Signed(credentials);
        using var response = await http.PostAsync("/_policy/decide",
            new StringContent(question as string ?? System.Text.Json.JsonSerializer.Serialize(question), Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static object GetItem(params string[] leadingKeys) => new
    {
        Action = "dynamodb:GetItem",
        Resource = StsHost.NotesTable,
        Context = new Dictionary<string, string[]> { ["dynamodb:LeadingKeys"] = leadingKeys },
    };

    [Fact]
    public async Task GetItem_on_the_identitys_own_partition_is_allowed_by_the_matching_statement()
    {
        var me = await SignIn();

        var (status, answer) = await Ask(me.Credentials, GetItem(me.IdentityId));

        Assert.Equal(HttpStatusCode.OK, status);
        Expect.Contains("""
            {"Decision":"Allow","Reason":"Allow","MatchedStatement":{"Policy":"NotesUser-0","Sid":"OwnNotes","Index":0},
             "Principal":{"Arn":"arn:aws:sts::123456789012:assumed-role/NotesUser/app"}}
            """, answer);
        Assert.Equal(me.IdentityId, answer["Principal"]!["IdentityId"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetItem_on_another_identitys_partition_is_denied()
    {
        var me = await SignIn();
        var other = await SignIn();

        var (status, answer) = await Ask(me.Credentials, GetItem(other.IdentityId));
        var (_, mixed) = await Ask(me.Credentials, GetItem(me.IdentityId, other.IdentityId));

        Assert.Equal(HttpStatusCode.OK, status);
        Expect.Contains("""{"Decision":"Deny","Reason":"ImplicitDeny"}""", answer);
        Assert.Null(answer["MatchedStatement"]);
        Assert.Equal("Deny", mixed["Decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_explicit_deny_names_its_statement()
    {
        var me = await SignIn();

        var (_, answer) = await Ask(me.Credentials, new
        {
            Action = "dynamodb:DeleteItem",
            Resource = StsHost.NotesTable,
            Context = new Dictionary<string, string> { ["dynamodb:LeadingKeys"] = me.IdentityId },
        });

        Expect.Contains("""{"Decision":"Deny","Reason":"ExplicitDeny","MatchedStatement":{"Sid":"NeverDelete","Index":1}}""", answer);
    }

    [Fact]
    public async Task Principal_tags_from_the_token_fill_policy_variables()
    {
        var blue = await SignIn(tags: new() { ["team"] = "blue" });
        var untagged = await SignIn();

        var (_, allowed) = await Ask(blue.Credentials, new { Action = "s3:GetObject", Resource = "arn:aws:s3:::shared/blue/plan.txt" });
        var (_, otherTeam) = await Ask(blue.Credentials, new { Action = "s3:GetObject", Resource = "arn:aws:s3:::shared/red/plan.txt" });
        var (_, noTag) = await Ask(untagged.Credentials, new { Action = "s3:GetObject", Resource = "arn:aws:s3:::shared//plan.txt" });

        Assert.Equal("Allow", allowed["Decision"]!.GetValue<string>());
        Assert.Equal("Deny", otherTeam["Decision"]!.GetValue<string>());
        Assert.Equal("Deny", noTag["Decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_session_policy_given_to_AssumeRoleWithWebIdentity_narrows_decisions()
    {
        var readOnly = await SignIn(policy: """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}]}""");

        var (_, get) = await Ask(readOnly.Credentials, GetItem(readOnly.IdentityId));
        var (_, put) = await Ask(readOnly.Credentials, new
        {
            Action = "dynamodb:PutItem",
            Resource = StsHost.NotesTable,
            Context = new Dictionary<string, string[]> { ["dynamodb:LeadingKeys"] = [readOnly.IdentityId] },
        });

        Assert.Equal("Allow", get["Decision"]!.GetValue<string>());
        Expect.Contains("""{"Decision":"Deny","Reason":"ImplicitDeny","Policy":"session"}""", put);
    }

    [Fact]
    public async Task A_role_without_policies_is_denied_everything()
    {
        var open = await SignIn(StsHost.OpenRole);

        var (_, answer) = await Ask(open.Credentials, GetItem(open.IdentityId));

        Assert.Equal("Deny", answer["Decision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Context_keys_that_describe_the_caller_cannot_be_supplied()
    {
        var me = await SignIn();
        var other = await SignIn();

        var (status, error) = await Ask(me.Credentials, new
        {
            Action = "dynamodb:GetItem",
            Resource = StsHost.NotesTable,
            Context = new Dictionary<string, string> { ["dynamodb:LeadingKeys"] = other.IdentityId, ["cognito-identity.amazonaws.com:sub"] = other.IdentityId },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidParameterException", error["__type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Notes"}""")]
    [InlineData("""{"Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Notes"}""")]
    [InlineData("""{"Action":"dynamodb:GetItem"}""")]
    [InlineData("""{"Action":"dynamodb:GetItem","Resource":"x","Context":{"k":{"nested":1}}}""")]
    [InlineData("""{"Action":"dynamodb:GetItem","Resource":"x","Context":[]}""")]
    public async Task A_malformed_question_is_InvalidParameterException(string question)
    {
        var me = await SignIn();

        var (status, error) = await Ask(me.Credentials, question);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidParameterException", error["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_SerializationException()
    {
        var me = await SignIn();

        var (status, error) = await Ask(me.Credentials, "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SerializationException", error["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unsigned_questions_are_MissingAuthenticationTokenException()
    {
        var me = await SignIn();

        var (status, error) = await Ask(null, GetItem(me.IdentityId));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("MissingAuthenticationTokenException", error["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_secret_is_InvalidSignatureException()
    {
        var me = await SignIn();
        var issued = me.Credentials.GetCredentials();

        var (status, error) = await Ask(new SessionAWSCredentials(issued.AccessKey, "wrong" + issued.SecretKey[5..], issued.Token), GetItem(me.IdentityId));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("InvalidSignatureException", error["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expired_credentials_are_ExpiredTokenException()
    {
        var me = await SignIn();
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        try
        {
            var (status, error) = await Ask(me.Credentials, GetItem(me.IdentityId));

            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("ExpiredTokenException", error["__type"]!.GetValue<string>());
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromHours(-1));
        }
    }

    [Fact]
    public async Task An_account_key_is_not_a_session_and_gets_AccessDeniedException()
    {
        var (status, error) = await Ask(new BasicAWSCredentials("local", "local"), GetItem("us-east-1:x"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("AccessDeniedException", error["__type"]!.GetValue<string>());
    }
}
