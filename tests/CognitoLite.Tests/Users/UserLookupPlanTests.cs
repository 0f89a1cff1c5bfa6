using System.Diagnostics;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;
using CognitoLite.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Users;

/// <summary>
/// Every operation that names a user (sign-in, admin calls, challenge answers) looks the name up; on SQLite that
/// lookup read every user of the pool until it was one indexed search per way of naming a user.
/// </summary>
public sealed class UserLookupPlanTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    [Theory]
    [InlineData("alice")]
    [InlineData("alice@example.com")]
    [InlineData("+15555550100")]
    [InlineData("6f1c2a4e-8d1b-4c3a-9e2f-0a1b2c3d4e5f")]
    public async Task Looking_up_a_name_searches_indexes_and_never_scans_the_pool(string name)
    {
        var client = await new IdpFlows(fixture.Host).CreatePoolAndClient("""{ "AliasAttributes": ["email", "phone_number", "preferred_username"] }""");
        using var scope = fixture.Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        var pool = await directory.Pool(client.PoolId, CancellationToken.None);

        // The lookup is a compiled query: its SQL is taken from EF's diagnostics as Find runs it, for this context only.
        var sql = await SqlOf(db, () => directory.Find(pool, name, CancellationToken.None));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var steps = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) steps.Add(reader.GetString(3));

        var searches = steps.Where(step => step.StartsWith("SEARCH ", StringComparison.Ordinal) || step.StartsWith("SCAN ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(searches);
        Assert.All(searches, step => Assert.Matches(@"^SEARCH \w+ USING (COVERING )?INDEX IX_Users_UserPoolId_\w+ \(UserPoolId=\? AND \w+=\?\)$", step));
        Assert.Equal(name.Length == 36 ? 5 : 4, searches.Count);
    }

    private static async Task<string> SqlOf(CognitoDbContext db, Func<Task> run)
    {
        var commands = new List<string>();
        var subscriptions = new List<IDisposable>();
        using var listeners = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
        {
            if (listener.Name != DbLoggerCategory.Name) return;
            var subscription = listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
            {
                if (e.Key == RelationalEventId.CommandExecuting.Name && e.Value is CommandEventData data && ReferenceEquals(data.Context, db))
                    lock (commands) commands.Add(data.Command.CommandText);
            }));
            lock (subscriptions) subscriptions.Add(subscription);
        }));
        try
        {
            await run();
        }
        finally
        {
            lock (subscriptions) subscriptions.ForEach(s => s.Dispose());
        }
        return Assert.Single(commands);
    }

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnNext(T value) => next(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
