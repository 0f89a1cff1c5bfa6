using System.Text.Json.Nodes;
using System.Net;
using System.Text.RegularExpressions;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

public sealed class ClientSecretTestsOnPostgres(PostgresHost fixture) : ClientSecretContract(fixture), IClassFixture<PostgresHost>;

public sealed class ClientSecretTestsOnSqlite(SqliteHost fixture) : ClientSecretContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Add/List/DeleteUserPoolClientSecret: rotation with two secrets valid at once for SECRET_HASH.</summary>
public abstract class ClientSecretContract(HostFixture fixture)
{
    private AwsClient Aws { get; } = fixture.Host.Aws();

    private Task<JsonNode> SignUp(string clientId, string secret, string username) => Aws.Idp("SignUp", new
    {
        ClientId = clientId,
        Username = username,
        Password = "Passw0rd!",
        SecretHash = IdpFlows.SecretHash(secret, username, clientId),
    });

    private async Task<(string PoolId, string ClientId, string Secret)> Confidential()
    {
        var poolId = await Aws.CreatePool();
        var client = await Aws.CreateClient(poolId, """{ "GenerateSecret": true }""");
        return (poolId, client["ClientId"].Str(), client["ClientSecret"].Str());
    }

    [Fact]
    public async Task A_second_secret_works_beside_the_first_until_the_first_is_deleted()
    {
        var (poolId, clientId, first) = await Confidential();
        var listed = (await Aws.Idp("ListUserPoolClientSecrets", new { UserPoolId = poolId, ClientId = clientId }))["ClientSecrets"]!.AsArray();
        var firstId = Assert.Single(listed)!["ClientSecretId"].Str();
        Assert.Matches($"^{clientId}--[0-9]+$", firstId);
        Assert.Null(listed[0]!["ClientSecretValue"]);
        Expect.IsEpochSeconds(listed[0]!["ClientSecretCreateDate"]);

        var added = (await Aws.Idp("AddUserPoolClientSecret", new { UserPoolId = poolId, ClientId = clientId }))["ClientSecretDescriptor"]!;
        var second = added["ClientSecretValue"].Str();
        var secondId = added["ClientSecretId"].Str();
        Assert.NotEqual(firstId, secondId);
        Assert.Matches(new Regex("^[a-z0-9]{51}$"), second);

        await SignUp(clientId, first, "with-first");
        await SignUp(clientId, second, "with-second");
        var secrets = (await Aws.Idp("ListUserPoolClientSecrets", new { UserPoolId = poolId, ClientId = clientId }))["ClientSecrets"]!.AsArray();
        Assert.Equal([firstId, secondId], secrets.Select(s => s!["ClientSecretId"].Str()));
        Assert.All(secrets, s => Assert.Null(s!["ClientSecretValue"]));

        Assert.Equal("{}", (await Aws.Idp("DeleteUserPoolClientSecret", new { UserPoolId = poolId, ClientId = clientId, ClientSecretId = firstId })).ToJsonString());
        var refused = await Expect.Error("NotAuthorizedException", HttpStatusCode.Forbidden, () => SignUp(clientId, first, "with-old"));
        Assert.Equal($"Unable to verify secret hash for client {clientId}", refused.AwsMessage);
        await SignUp(clientId, second, "with-new");
        Assert.Equal(second, (await Aws.Idp("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = clientId }))["UserPoolClient"]!["ClientSecret"].Str());
    }

    [Fact]
    public async Task A_given_secret_is_not_echoed_and_a_third_secret_is_refused()
    {
        var (poolId, clientId, _) = await Confidential();
        const string mine = "my0own0client0secret0value0000000001";
        var added = (await Aws.Idp("AddUserPoolClientSecret", new { UserPoolId = poolId, ClientId = clientId, ClientSecret = mine }))["ClientSecretDescriptor"]!;
        Assert.Null(added["ClientSecretValue"]);
        await SignUp(clientId, mine, "with-mine");

        await Expect.Error("LimitExceededException", HttpStatusCode.BadRequest, () => Aws.Idp("AddUserPoolClientSecret", new { UserPoolId = poolId, ClientId = clientId }));
        await Expect.InvalidParameter(() => Aws.Idp("AddUserPoolClientSecret", new { UserPoolId = poolId, ClientId = clientId, ClientSecret = "short" }));
    }

    [Fact]
    public async Task The_last_secret_cannot_be_deleted_and_an_unknown_one_is_not_found()
    {
        var (poolId, clientId, _) = await Confidential();
        var only = (await Aws.Idp("ListUserPoolClientSecrets", new { UserPoolId = poolId, ClientId = clientId }))["ClientSecrets"]![0]!["ClientSecretId"].Str();
        await Expect.InvalidParameter(() => Aws.Idp("DeleteUserPoolClientSecret", new { UserPoolId = poolId, ClientId = clientId, ClientSecretId = only }));
        await Expect.NotFound(() => Aws.Idp("DeleteUserPoolClientSecret", new { UserPoolId = poolId, ClientId = clientId, ClientSecretId = clientId + "--1" }));
    }

    [Fact]
    public async Task A_public_client_gets_no_secret_by_rotation()
    {
        var poolId = await Aws.CreatePool();
        var clientId = (await Aws.CreateClient(poolId))["ClientId"].Str();
        await Expect.InvalidParameter(() => Aws.Idp("AddUserPoolClientSecret", new { UserPoolId = poolId, ClientId = clientId }));
        Assert.Empty((await Aws.Idp("ListUserPoolClientSecrets", new { UserPoolId = poolId, ClientId = clientId }))["ClientSecrets"]!.AsArray());
        await Expect.NotFound(() => Aws.Idp("ListUserPoolClientSecrets", new { UserPoolId = poolId, ClientId = "abcdefghijklmnopqrstuvwxyz" }));
    }
}
