using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Auth;

/// <summary>Races the database must decide: one username signed up in parallel, parallel wrong passwords against one user.</summary>
public abstract class ConcurrencyContract(ManualClockHost fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

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

    [Fact]
    public async Task Fifty_parallel_sign_ups_of_one_username_make_exactly_one_user()
    {
        var client = await _idp.CreatePoolAndClient();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => Outcome(() => _idp.SignUp(client, i % 2 == 0 ? "racer" : "RACER", IdpFlows.Password, ("email", "racer@example.com"))))));

        Assert.Equal(1, outcomes.Count(o => o == "OK"));
        Assert.Equal(49, outcomes.Count(o => o.StartsWith("UsernameExistsException:", StringComparison.Ordinal)));
        var rows = await _idp.Scalar("""SELECT count(*) FROM "Users" WHERE "UserPoolId" = @pool""", ("pool", client.PoolId));
        Assert.Equal(1L, rows);
        // The winner got its code and can confirm.
        await _idp.ConfirmSignUp(client, "racer", await _idp.LatestCode(client.PoolId, "racer@example.com"));
    }

    [Fact]
    public async Task Ten_parallel_confirmations_with_the_right_code_confirm_once()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.SignUp(client, "confirmer", IdpFlows.Password, ("email", "confirmer@example.com"));
        var code = await _idp.LatestCode(client.PoolId, "confirmer");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => Outcome(() => _idp.ConfirmSignUp(client, "confirmer", code)))));

        Assert.True(1 == outcomes.Count(o => o == "OK"), string.Join("\n", outcomes));
        Assert.All(outcomes.Where(o => o != "OK"), o => Assert.Matches("^(CodeMismatchException|NotAuthorizedException|TooManyFailedAttemptsException):", o));
        Assert.NotNull((await _idp.SignIn(client, "confirmer"))["AccessToken"]);
    }

    [Fact]
    public async Task Twenty_parallel_wrong_passwords_check_at_most_five_and_lock_the_account()
    {
        var client = await _idp.CreatePoolAndClient();
        await _idp.ConfirmedUser(client, "target");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => Outcome(() => _idp.SignIn(client, "target", "Wr0ng-password")))));

        var incorrect = outcomes.Count(o => o == "NotAuthorizedException: Incorrect username or password.");
        var exceeded = outcomes.Count(o => o == "NotAuthorizedException: Password attempts exceeded");
        Assert.True(incorrect <= 5, string.Join("\n", outcomes));
        Assert.Equal(20, incorrect + exceeded);
        await IdpFlows.Refused("NotAuthorizedException", () => _idp.SignIn(client, "target"), "Password attempts exceeded");
    }
}

public sealed class ConcurrencyTests(ManualClockHost<OnPostgres> fixture) : ConcurrencyContract(fixture), IClassFixture<ManualClockHost<OnPostgres>>;

/// <summary>SQLite, the default store, decides the same races with one writer at a time and its unique indexes.</summary>
public sealed class ConcurrencyTestsOnSqlite(ManualClockHost<OnSqlite> fixture) : ConcurrencyContract(fixture), IClassFixture<ManualClockHost<OnSqlite>>;
