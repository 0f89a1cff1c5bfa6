using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Auth;

public sealed class PasswordRehashTestsOnPostgres(PostgresHost fixture) : PasswordRehashContract(fixture), IClassFixture<PostgresHost>;

public sealed class PasswordRehashTestsOnSqlite(SqliteHost fixture) : PasswordRehashContract(fixture), IClassFixture<SqliteHost>;

/// <summary>bcrypt hashes record their cost; a host configured with another cost redoes the hash at the next sign-in.</summary>
public abstract class PasswordRehashContract(HostFixture fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private async Task<string> StoredHash(string poolId, string username) =>
        (string)(await _idp.Scalar("""SELECT "PasswordHash" FROM "Users" WHERE "UserPoolId" = @pool AND "Username" = @name""", ("pool", poolId), ("name", username)))!;

    [Fact]
    public async Task A_hash_made_at_cost_4_is_redone_at_cost_5_by_a_host_configured_for_5()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "alice");
        var before = await StoredHash(client.PoolId, "alice");
        Assert.Matches(@"^\$2[ab]\$04\$", before);

        // A second host on the same database and data folder (so the same master key), configured for cost 5.
        using var costlier = new CognitoHost(fixture.Host.PostgresConnectionString, new Dictionary<string, string?>
        {
            ["CognitoLite:PasswordHashCost"] = "5",
            ["CognitoLite:DataDir"] = fixture.Host.DataDir,
        });
        var costlierIdp = new IdpFlows(costlier);

        await IdpFlows.Refused("NotAuthorizedException", () => costlierIdp.SignIn(client, "alice", "Wr0ng-password"));
        Assert.Equal(before, await StoredHash(client.PoolId, "alice"));

        Assert.NotNull((await costlierIdp.SignIn(client, "alice"))["AccessToken"]);
        var after = await StoredHash(client.PoolId, "alice");
        Assert.Matches(@"^\$2[ab]\$05\$", after);

        // Once at the configured cost the hash stays; the cost-4 host accepts it too (bcrypt only ever raises the cost).
        Assert.NotNull((await costlierIdp.SignIn(client, "alice"))["AccessToken"]);
        Assert.Equal(after, await StoredHash(client.PoolId, "alice"));
        Assert.NotNull((await _idp.SignIn(client, "alice"))["AccessToken"]);
        Assert.Equal(after, await StoredHash(client.PoolId, "alice"));
    }

    [Fact]
    public async Task A_hash_at_the_configured_cost_is_left_alone()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "bob");
        var before = await StoredHash(client.PoolId, "bob");

        await _idp.SignIn(client, "bob");

        Assert.Equal(before, await StoredHash(client.PoolId, "bob"));
    }
}
