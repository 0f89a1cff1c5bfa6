using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;
using CognitoLite.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Users;

/// <summary>
/// ListUsers with a filter searches the filtered column's index; an equality filter's index also gives the page order, so
/// nothing is sorted. SQLite plans without statistics (the server never runs ANALYZE), so a pool of a few users gets the
/// plan that a pool of a million gets: on 1,000,000 users `username =` and `status =` read the whole pool in
/// UsernameKey order (0.4-1 s a page) until their indexes also held UsernameKey. A prefix (`^=`) reads its range and
/// sorts what it matched.
/// </summary>
public sealed class ListUsersPlanTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    [Theory]
    [InlineData("username = \"alice\"", "Username")]
    [InlineData("email = \"alice@example.com\"", "Email")]
    [InlineData("phone_number = \"+15555550100\"", "PhoneNumber")]
    [InlineData("name = \"Alice\"", "Name")]
    [InlineData("given_name = \"Alice\"", "GivenName")]
    [InlineData("family_name = \"Liddell\"", "FamilyName")]
    [InlineData("preferred_username = \"al\"", "PreferredUsername")]
    [InlineData("cognito:user_status = \"UNCONFIRMED\"", "Status")]
    [InlineData("status = \"Disabled\"", "Enabled")]
    [InlineData("status = \"Enabled\"", "Enabled")]
    [InlineData("sub = \"6f1c2a4e-8d1b-4c3a-9e2f-0a1b2c3d4e5f\"", "Sub")]
    public async Task An_equality_filter_seeks_its_index_in_page_order(string filter, string column)
    {
        foreach (var after in new[] { null, "alice" })
        {
            var steps = await Plan(filter, after);
            Assert.Equal([$"SEARCH u USING INDEX IX_Users_UserPoolId_{column}{(column == "Sub" ? "" : "_UsernameKey")} (UserPoolId=? AND {column}=?{(after is null || column == "Sub" ? "" : " AND UsernameKey>?")})"], steps);
        }
    }

    [Theory]
    [InlineData("username ^= \"al\"", "Username")]
    [InlineData("email ^= \"alice\"", "Email")]
    [InlineData("phone_number ^= \"+1555\"", "PhoneNumber")]
    [InlineData("name ^= \"Al\"", "Name")]
    [InlineData("given_name ^= \"Al\"", "GivenName")]
    [InlineData("family_name ^= \"Li\"", "FamilyName")]
    [InlineData("preferred_username ^= \"a\"", "PreferredUsername")]
    [InlineData("cognito:user_status ^= \"FORCE\"", "Status")]
    public async Task A_prefix_filter_reads_its_index_range(string filter, string column)
    {
        var steps = await Plan(filter, null);
        Assert.Equal([$"SEARCH u USING INDEX IX_Users_UserPoolId_{column}_UsernameKey (UserPoolId=? AND {column}>? AND {column}<?)", "USE TEMP B-TREE FOR ORDER BY"], steps);
    }

    private async Task<List<string>> Plan(string filter, string? after)
    {
        var client = await new IdpFlows(fixture.Host).CreatePoolAndClient();
        using var scope = fixture.Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        var pool = await scope.ServiceProvider.GetRequiredService<UserDirectory>().Pool(client.PoolId, CancellationToken.None);
        var query = scope.ServiceProvider.GetRequiredService<AdminUserService>().ListUsersQuery(pool, filter, after).Take(61);

        // ToQueryString puts the parameters on `.param set` lines before the SQL; the plan does not depend on their values.
        var sql = string.Join('\n', query.ToQueryString().Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var steps = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
        return steps;
    }
}
