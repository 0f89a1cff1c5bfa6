using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;
using CognitoLite.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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

        // ToQueryString puts the parameters on `.param set` lines before the SQL; the plan does not depend on their values.
        var sql = string.Join('\n', directory.Candidates(pool, name).ToQueryString().Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
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
}
