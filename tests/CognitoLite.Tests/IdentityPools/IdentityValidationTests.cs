using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.IdentityPools;

public sealed class IdentityValidationTestsOnPostgres(PostgresHost fixture) : IdentityValidationContract(fixture), IClassFixture<PostgresHost>;

public sealed class IdentityValidationTestsOnSqlite(SqliteHost fixture) : IdentityValidationContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// cognito-identity as AWS answers it: a request that breaks the API model is ValidationException (cognito-idp says
/// InvalidParameterException), an unknown pool ResourceNotFoundException; provider names and role-mapping keys as given.
/// </summary>
public abstract class IdentityValidationContract(HostFixture fixture)
{
    private readonly IdentityFlows _flows = new(fixture.Host);

    private AwsClient Aws => _flows.Aws;

    private static Task<AwsErrorException> Validation(Func<Task> call) => Expect.Error("ValidationException", HttpStatusCode.BadRequest, call);

    [Theory]
    [InlineData("pool#name")]
    [InlineData("with!excl")]
    [InlineData("with?quest")]
    public async Task An_invalid_IdentityPoolName_is_a_ValidationException_with_the_model_pattern(string name)
    {
        var error = await Validation(() => Aws.Identity("CreateIdentityPool", new { IdentityPoolName = name, AllowUnauthenticatedIdentities = false }));
        Assert.Equal($@"1 validation error detected: Value '{name}' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+",
            error.AwsMessage);
    }

    [Fact]
    public async Task Constraint_failures_of_cognito_identity_are_ValidationException()
    {
        var badId = await Validation(() => Aws.Identity("DescribeIdentityPool", new { IdentityPoolId = "us-east-1_NotAnIdentityPool" }));
        Assert.Equal(@"1 validation error detected: Value 'us-east-1_NotAnIdentityPool' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w-]+:[0-9a-f-]+",
            badId.AwsMessage);
        var tooLong = "x" + new string('a', 128);
        await Validation(() => Aws.Identity("CreateIdentityPool", new { IdentityPoolName = tooLong, AllowUnauthenticatedIdentities = false }));
        await Validation(() => Aws.Identity("CreateIdentityPool", new { IdentityPoolName = "x" }));
        await Validation(() => Aws.Identity("ListIdentityPools", new { MaxResults = 61 }));
        await Validation(() => _flows.Credentials("us-east-1:NOT-HEX"));
        var id = await _flows.CreatePool();
        await Validation(() => Aws.Identity("SetIdentityPoolRoles", new { IdentityPoolId = id, Roles = new Dictionary<string, string> { ["admins"] = IdentityFlows.AuthRole } }));
    }

    [Fact]
    public async Task The_same_kind_of_failure_on_cognito_idp_stays_InvalidParameterException()
    {
        await Expect.InvalidParameter(() => Aws.Idp("DescribeUserPool", new { UserPoolId = "not a pool" }));
    }

    [Fact]
    public async Task An_unknown_pool_id_of_the_right_shape_is_ResourceNotFound()
    {
        const string unknown = "us-east-1:00000000-0000-0000-0000-000000000000";
        var error = await Expect.NotFound(() => Aws.Identity("DescribeIdentityPool", new { IdentityPoolId = unknown }));
        Assert.Equal($"IdentityPool '{unknown}' not found.", error.AwsMessage);
        await Expect.NotFound(() => Aws.Identity("GetId", new { IdentityPoolId = unknown }));
    }

    [Fact]
    public async Task A_pool_created_by_a_client_signing_for_another_region_has_that_region_in_its_id_and_ARN()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new StringContent("""{ "IdentityPoolName": "western", "AllowUnauthenticatedIdentities": false }""", Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSCognitoIdentityService.CreateIdentityPool");
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-3/cognito-identity/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        using var response = await Aws.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["IdentityPoolId"].Str();

        Assert.StartsWith("eu-west-3:", id);
        var arn = $"arn:aws:cognito-identity:eu-west-3:000000000000:identitypool/{id}";
        await Aws.Identity("TagResource", new { ResourceArn = arn, Tags = new { team = "blue" } });
        Assert.Equal("blue", (await Aws.Identity("ListTagsForResource", new { ResourceArn = arn }))["Tags"]!["team"].Str());
        await Expect.NotFound(() => Aws.Identity("ListTagsForResource", new { ResourceArn = $"arn:aws:cognito-identity:us-east-1:000000000000:identitypool/{id}" }));
        // Unsigned, the configured region.
        Assert.StartsWith("us-east-1:", await _flows.CreatePool());
    }

    [Fact]
    public async Task Issuer_style_provider_names_and_role_mapping_keys_are_kept_as_given_and_rules_apply_to_logins_under_them()
    {
        var client = await _flows.Idp.CreatePoolAndClient();
        // The test host's issuer is http://localhost/<poolId>: an app that derives the provider name from `iss` uses this.
        var provider = $"localhost/{client.PoolId}";
        var poolId = await _flows.CreatePool(new { CognitoIdentityProviders = new[] { new { ProviderName = provider, ClientId = client.Id, ServerSideTokenCheck = false } } });
        var mappingKey = $"{provider}:{client.Id}";
        await _flows.SetRoles(poolId, new Dictionary<string, object>
        {
            [mappingKey] = new
            {
                Type = "Rules", AmbiguousRoleResolution = "Deny",
                RulesConfiguration = new { Rules = new[] { new { Claim = "token_use", MatchType = "Equals", Value = "id", RoleARN = IdentityFlows.EditorRole } } },
            },
        });

        var described = await Aws.Identity("DescribeIdentityPool", new { IdentityPoolId = poolId });
        Assert.Equal(provider, described["CognitoIdentityProviders"]![0]!["ProviderName"].Str());
        var roles = await Aws.Identity("GetIdentityPoolRoles", new { IdentityPoolId = poolId });
        Assert.Equal([mappingKey], roles["RoleMappings"]!.AsObject().Select(p => p.Key));

        var idToken = await _flows.IdToken(client, "u" + Guid.NewGuid().ToString("N")[..10]);
        var logins = new Dictionary<string, string> { [provider] = idToken };
        var credentials = await _flows.Credentials(await _flows.GetId(poolId, logins), logins);
        Assert.StartsWith("RoleArn=" + IdentityFlows.EditorRole + " |", await _flows.Issued(credentials["Credentials"]!["AccessKeyId"].Str()));
    }
}
