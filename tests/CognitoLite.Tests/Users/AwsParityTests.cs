using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Users;

public sealed class AwsParityTestsOnPostgres(PostgresHost fixture) : AwsParityContract(fixture), IClassFixture<PostgresHost>;

public sealed class AwsParityTestsOnSqlite(SqliteHost fixture) : AwsParityContract(fixture), IClassFixture<SqliteHost>;

/// <summary>
/// User pool behaviour where CognitoLite differed from AWS: who may hold an alias (decided by the unique index, never a
/// 500), booleans in any case, Username = sub in pools whose username is the email or phone, admin-only recovery, and the
/// region of ids and ARNs.
/// </summary>
public abstract class AwsParityContract(HostFixture fixture)
{
    private const string EmailTaken = "An account with the given email already exists.";
    private const string AliasPool = """{ "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""";
    private const string EmailUsernamePool = """{ "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }""";

    private readonly IdpFlows _idp = new(fixture.Host);

    private AwsClient Aws => _idp.Aws;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    private Task<JsonNode> AdminCreate(string poolId, string username, params (string Name, string Value)[] attributes) =>
        Aws.Idp("AdminCreateUser", new
        {
            UserPoolId = poolId, Username = username, TemporaryPassword = IdpFlows.Password, MessageAction = "SUPPRESS",
            UserAttributes = attributes.Select(a => new { a.Name, a.Value }).ToArray(),
        });

    private Task<JsonNode> AdminUpdate(string poolId, string username, params (string Name, string Value)[] attributes) =>
        Aws.Idp("AdminUpdateUserAttributes", new { UserPoolId = poolId, Username = username, UserAttributes = attributes.Select(a => new { a.Name, a.Value }).ToArray() });

    private async Task<Dictionary<string, string>> AttributesOf(string poolId, string username) =>
        (await Aws.Idp("AdminGetUser", new { UserPoolId = poolId, Username = username }))["UserAttributes"]!.AsArray()
            .ToDictionary(a => a!["Name"].Str(), a => a!["Value"].Str());

    private static async Task<string> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return "OK";
        }
        catch (AwsErrorException error)
        {
            return $"{error.Type}: {error.AwsMessage}";
        }
    }

    // ---- Aliases: one holder, decided by the database ----

    [Fact]
    public async Task AdminUpdateUserAttributes_with_a_verified_email_another_user_holds_is_AliasExists_in_an_alias_pool()
    {
        var client = await _idp.CreatePoolAndClient(AliasPool);
        var shared = Unique("shared") + "@example.com";
        await _idp.VerifiedUser(client, "holder", shared);
        await _idp.ConfirmedUser(client, "taker");

        // Unverified, the email is only an attribute: both users may have it, the alias stays with its holder.
        await AdminUpdate(client.PoolId, "taker", ("email", shared));
        await IdpFlows.Refused("AliasExistsException", () => AdminUpdate(client.PoolId, "taker", ("email", shared), ("email_verified", "true")), EmailTaken);
        Assert.Equal("holder", (await Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = shared }))["Username"].Str());
    }

    [Fact]
    public async Task Giving_a_user_the_email_another_user_signs_in_with_is_AliasExists_in_an_email_username_pool()
    {
        var client = await _idp.CreatePoolAndClient(EmailUsernamePool);
        var first = Unique("first") + "@example.com";
        var second = Unique("second") + "@example.com";
        await AdminCreate(client.PoolId, first);
        await _idp.ConfirmedUser(client, second);

        await IdpFlows.Refused("AliasExistsException", () => AdminUpdate(client.PoolId, second, ("email", first)), EmailTaken);
        await IdpFlows.Refused("AliasExistsException", () => AdminUpdate(client.PoolId, second, ("email", first.ToUpperInvariant())), EmailTaken);
        var accessToken = (await _idp.SignIn(client, second))["AccessToken"].Str();
        await IdpFlows.Refused("AliasExistsException",
            () => Aws.Idp("UpdateUserAttributes", new { AccessToken = accessToken, UserAttributes = new[] { new { Name = "email", Value = first } } }), EmailTaken);
        await IdpFlows.Refused("UsernameExistsException", () => AdminCreate(client.PoolId, first), EmailTaken);
        Assert.Equal(second, (await AttributesOf(client.PoolId, second))["email"]);
    }

    [Theory]
    [InlineData(AliasPool)]
    [InlineData(EmailUsernamePool)]
    public async Task Parallel_updates_giving_eight_users_one_email_let_exactly_one_hold_it(string poolSettings)
    {
        var client = await _idp.CreatePoolAndClient(poolSettings);
        var users = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var email = Unique($"racer{i}-") + "@example.com";
            var username = poolSettings == AliasPool ? Unique("racer") : email;
            await AdminCreate(client.PoolId, username, ("email", email), ("email_verified", "true"));
            users.Add(username);
        }
        var shared = Unique("prize") + "@example.com";

        var outcomes = await Task.WhenAll(users.Select(user =>
            Task.Run(() => Outcome(() => AdminUpdate(client.PoolId, user, ("email", shared), ("email_verified", "true"))))));

        Assert.True(1 == outcomes.Count(o => o == "OK"), string.Join("\n", outcomes));
        Assert.All(outcomes.Where(o => o != "OK"), o => Assert.Equal($"AliasExistsException: {EmailTaken}", o));
        var holders = await _idp.Scalar("""SELECT count(*) FROM "Users" WHERE "UserPoolId" = @pool AND "EmailAliasKey" = @email""", ("pool", client.PoolId), ("email", shared));
        Assert.Equal(1L, Convert.ToInt64(holders));
    }

    // ---- Booleans in any case ----

    [Fact]
    public async Task Verified_flags_are_accepted_in_any_case_and_stored_as_true_or_false()
    {
        var client = await _idp.CreatePoolAndClient(AliasPool);
        var email = Unique("flag") + "@example.com";
        await AdminCreate(client.PoolId, "flagged", ("email", email), ("email_verified", "True"), ("phone_number", "+15550100"), ("phone_number_verified", "FALSE"));

        var attributes = await AttributesOf(client.PoolId, "flagged");
        Assert.Equal("true", attributes["email_verified"]);
        Assert.Equal("false", attributes["phone_number_verified"]);
        // Verified, the email is an alias: it finds the user.
        Assert.Equal("flagged", (await Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = email }))["Username"].Str());

        await AdminUpdate(client.PoolId, "flagged", ("phone_number_verified", "TRUE"));
        Assert.Equal("true", (await AttributesOf(client.PoolId, "flagged"))["phone_number_verified"]);
        await Expect.InvalidParameter(() => AdminUpdate(client.PoolId, "flagged", ("email_verified", "yes")));
    }

    // ---- Username is the sub where the email or phone is the username ----

    [Fact]
    public async Task In_an_email_username_pool_the_Username_is_the_sub_everywhere_and_the_email_signs_in()
    {
        var client = await _idp.CreatePoolAndClient(EmailUsernamePool);
        var email = Unique("alice") + "@example.com";
        var sub = (await _idp.SignUp(client, email))["UserSub"].Str();
        await _idp.ConfirmSignUp(client, email, await _idp.LatestCode(client.PoolId, email));

        var byEmail = await Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = email });
        Assert.Equal(sub, byEmail["Username"].Str());
        Assert.Equal(sub, (await Aws.Idp("AdminGetUser", new { UserPoolId = client.PoolId, Username = sub }))["Username"].Str());
        Assert.Equal(email, (await AttributesOf(client.PoolId, email))["email"]);
        var listed = (await Aws.Idp("ListUsers", new { UserPoolId = client.PoolId }))["Users"]!.AsArray();
        Assert.Equal(sub, Assert.Single(listed)!["Username"].Str());

        var tokens = await _idp.SignIn(client, email);
        Assert.Equal(sub, TestJwt.Claims(tokens["IdToken"].Str())["cognito:username"].Str());
        Assert.Equal(sub, TestJwt.Claims(tokens["AccessToken"].Str())["username"].Str());
        Assert.Equal(sub, (await _idp.GetUser(tokens["AccessToken"].Str()))["Username"].Str());

        var created = (await AdminCreate(client.PoolId, Unique("bob") + "@example.com"))["User"]!;
        Assert.Equal(created["Attributes"]!.AsArray().Single(a => a!["Name"].Str() == "sub")!["Value"].Str(), created["Username"].Str());
    }

    // ---- Account recovery ----

    [Fact]
    public async Task ForgotPassword_in_an_admin_only_recovery_pool_is_NotAuthorized_for_everyone()
    {
        var client = await _idp.CreatePoolAndClient("""{ "AutoVerifiedAttributes": ["email"], "AccountRecoverySetting": { "RecoveryMechanisms": [ { "Priority": 1, "Name": "admin_only" } ] } }""");
        await _idp.VerifiedUser(client, "recoverer", Unique("r") + "@example.com");

        foreach (var username in new[] { "recoverer", "nobody" })
            await IdpFlows.Refused("NotAuthorizedException", () => Aws.Idp("ForgotPassword", new { ClientId = client.Id, Username = username }),
                "Contact administrator to reset password.");
    }

    // ---- Region ----

    [Fact]
    public async Task A_pool_created_by_a_client_signing_for_us_west_2_has_a_us_west_2_id_and_ARN()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new StringContent($$"""{ "PoolName": "{{Unique("west")}}" }""", Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSCognitoIdentityProviderService.CreateUserPool");
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-west-2/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        using var response = await Aws.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pool = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["UserPool"]!;

        var id = pool["Id"].Str();
        Assert.Matches("^us-west-2_[0-9a-zA-Z]{9}$", id);
        Assert.Equal($"arn:aws:cognito-idp:us-west-2:000000000000:userpool/{id}", pool["Arn"].Str());
        // Described by anyone, the ARN still names the pool's region; tags find the pool by it.
        Assert.Equal(pool["Arn"].Str(), (await Aws.Idp("DescribeUserPool", new { UserPoolId = id }))["UserPool"]!["Arn"].Str());
        await Aws.Idp("TagResource", new { ResourceArn = pool["Arn"].Str(), Tags = new { team = "west" } });
        await Expect.NotFound(() => Aws.Idp("ListTagsForResource", new { ResourceArn = $"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{id}" }));
        Assert.StartsWith("us-east-1_", await _idp.CreatePool());
    }
}
