using System.Net;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

public sealed class TermsTestsOnPostgres(PostgresHost fixture) : TermsContract(fixture), IClassFixture<PostgresHost>;

public sealed class TermsTestsOnSqlite(SqliteHost fixture) : TermsContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Create/Describe/List/Update/DeleteTerms: an app client's terms-of-use and privacy-policy links.</summary>
public abstract class TermsContract(HostFixture fixture)
{
    private AwsClient Aws { get; } = fixture.Host.Aws();

    private static Task<AwsErrorException> TermsExists(Func<Task> call) => Expect.Error("TermsExistsException", HttpStatusCode.BadRequest, call);

    [Fact]
    public async Task Terms_are_created_described_listed_updated_and_deleted()
    {
        var poolId = await Aws.CreatePool();
        var clientId = (await Aws.CreateClient(poolId))["ClientId"].Str();

        var created = (await Aws.Idp("CreateTerms", new
        {
            UserPoolId = poolId, ClientId = clientId, TermsName = "terms-of-use", TermsSource = "LINK", Enforcement = "NONE",
            Links = new Dictionary<string, string> { ["cognito:default"] = "https://example.com/terms", ["cognito:spanish"] = "https://example.com/es/terms" },
        }))["Terms"]!;
        var termsId = created["TermsId"].Str();
        Assert.True(Guid.TryParse(termsId, out _));
        Expect.Contains($$"""
            { "UserPoolId": "{{poolId}}", "ClientId": "{{clientId}}", "TermsName": "terms-of-use", "TermsSource": "LINK", "Enforcement": "NONE",
              "Links": { "cognito:default": "https://example.com/terms", "cognito:spanish": "https://example.com/es/terms" } }
            """, created);
        Expect.IsEpochSeconds(created["CreationDate"]);

        var described = (await Aws.Idp("DescribeTerms", new { UserPoolId = poolId, TermsId = termsId }))["Terms"]!;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(created, described));

        var updated = (await Aws.Idp("UpdateTerms", new
        {
            UserPoolId = poolId, TermsId = termsId, Links = new Dictionary<string, string> { ["cognito:default"] = "https://example.com/v2" },
        }))["Terms"]!;
        Expect.Contains("""{ "TermsName": "terms-of-use", "Links": { "cognito:default": "https://example.com/v2" } }""", updated);

        await Aws.Idp("CreateTerms", new
        {
            UserPoolId = poolId, ClientId = clientId, TermsName = "privacy-policy", TermsSource = "LINK", Enforcement = "NONE",
            Links = new Dictionary<string, string> { ["cognito:default"] = "https://example.com/privacy" },
        });
        var first = await Aws.Idp("ListTerms", new { UserPoolId = poolId, MaxResults = 1 });
        var second = await Aws.Idp("ListTerms", new { UserPoolId = poolId, MaxResults = 1, NextToken = first["NextToken"].Str() });
        Assert.Null(second["NextToken"]);
        var names = first["Terms"]!.AsArray().Concat(second["Terms"]!.AsArray()).Select(t => t!["TermsName"].Str()).Order().ToList();
        Assert.Equal(["privacy-policy", "terms-of-use"], names);

        Assert.Equal("{}", (await Aws.Idp("DeleteTerms", new { UserPoolId = poolId, TermsId = termsId })).ToJsonString());
        await Expect.NotFound(() => Aws.Idp("DescribeTerms", new { UserPoolId = poolId, TermsId = termsId }));
    }

    [Fact]
    public async Task A_second_document_of_one_name_for_a_client_is_TermsExists()
    {
        var poolId = await Aws.CreatePool();
        var clientId = (await Aws.CreateClient(poolId))["ClientId"].Str();
        object Terms(string name) => new
        {
            UserPoolId = poolId, ClientId = clientId, TermsName = name, TermsSource = "LINK", Enforcement = "NONE",
            Links = new Dictionary<string, string> { ["cognito:default"] = "https://example.com/" + name },
        };
        await Aws.Idp("CreateTerms", Terms("terms-of-use"));
        await TermsExists(() => Aws.Idp("CreateTerms", Terms("terms-of-use")));
        var privacy = (await Aws.Idp("CreateTerms", Terms("privacy-policy")))["Terms"]!["TermsId"].Str();
        await TermsExists(() => Aws.Idp("UpdateTerms", new { UserPoolId = poolId, TermsId = privacy, TermsName = "terms-of-use" }));
    }

    [Fact]
    public async Task Invalid_names_sources_languages_and_clients_are_refused()
    {
        var poolId = await Aws.CreatePool();
        var clientId = (await Aws.CreateClient(poolId))["ClientId"].Str();
        object Terms(string name = "terms-of-use", string source = "LINK", string language = "cognito:default", string client = "") => new
        {
            UserPoolId = poolId, ClientId = client == "" ? clientId : client, TermsName = name, TermsSource = source, Enforcement = "NONE",
            Links = new Dictionary<string, string> { [language] = "https://example.com/terms" },
        };
        await Expect.InvalidParameter(() => Aws.Idp("CreateTerms", Terms(name: "cookies")));
        await Expect.InvalidParameter(() => Aws.Idp("CreateTerms", Terms(source: "FILE")));
        await Expect.InvalidParameter(() => Aws.Idp("CreateTerms", Terms(language: "en")));
        await Expect.NotFound(() => Aws.Idp("CreateTerms", Terms(client: "abcdefghijklmnopqrstuvwxyz")));
        await Expect.InvalidParameter(() => Aws.Idp("DescribeTerms", new { UserPoolId = poolId, TermsId = "not-a-uuid" }));
    }
}
