using CognitoLite.Core.Storage;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Storage;

/// <summary>
/// On SQLite each query text is compiled once per connection and then run with each execution's parameters and
/// transaction; the connection stays open for it, also while its context waits in the pool.
/// </summary>
public sealed class SqlitePreparedStatementsTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private readonly IdpFlows _idp = new(fixture.Host);

    [Fact]
    public async Task A_query_is_compiled_once_and_answers_with_each_executions_parameters()
    {
        var first = await _idp.CreatePool();
        var second = await _idp.CreatePool();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        Assert.Equal(first, await FindPool(db, first));
        var kept = SqlitePreparedStatements.KeptCount(connection);
        Assert.Equal(second, await FindPool(db, second));
        Assert.Null(await FindPool(db, "us-east-1_missing"));

        Assert.True(kept > 0);
        Assert.Equal(kept, SqlitePreparedStatements.KeptCount(connection));
    }

    [Fact]
    public async Task The_connection_stays_open_with_its_statements_when_its_context_goes_back_to_the_pool()
    {
        var pool = await _idp.CreatePool();
        SqliteConnection connection;
        int kept;
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
            await FindPool(db, pool);
            connection = (SqliteConnection)db.Database.GetDbConnection();
            kept = SqlitePreparedStatements.KeptCount(connection);
        }

        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        Assert.Equal(kept, SqlitePreparedStatements.KeptCount(connection));
    }

    [Fact]
    public async Task Writes_through_kept_statements_follow_the_transaction_they_run_in()
    {
        var pool = await _idp.CreatePool();
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                db.Groups.Add(NewGroup(pool, "rolled-back"));
                await db.SaveChangesAsync();
                Assert.True(await db.Groups.AnyAsync(g => g.UserPoolId == pool && g.GroupName == "rolled-back"));
                await transaction.RollbackAsync();
            }
            Assert.False(await db.Groups.AnyAsync(g => g.UserPoolId == pool && g.GroupName == "rolled-back"));

            db.ChangeTracker.Clear();
            db.Groups.Add(NewGroup(pool, "committed"));
            await db.SaveChangesAsync();
        }

        // A transaction still open when its context goes back to the pool is rolled back, and the connection works on.
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
            await db.Database.BeginTransactionAsync();
            db.Groups.Add(NewGroup(pool, "abandoned"));
            await db.SaveChangesAsync();
        }
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
            var names = await db.Groups.Where(g => g.UserPoolId == pool).Select(g => g.GroupName).ToListAsync();
            Assert.Equal(["committed"], names);
        }
    }

    [Fact]
    public async Task A_unique_index_still_refuses_a_duplicate_as_a_unique_violation()
    {
        var pool = await _idp.CreatePool();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        db.Groups.Add(NewGroup(pool, "twice"));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        db.Groups.Add(NewGroup(pool, "twice"));

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(refused.IsUniqueViolation());
    }

    [Fact]
    public async Task The_same_query_run_inside_its_own_results_still_answers()
    {
        var pool = await _idp.CreatePool();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        var query = db.UserPools.AsNoTracking().Where(p => p.Id == pool).Select(p => p.Id);

        var inner = new List<string>();
        await foreach (var outer in query.AsAsyncEnumerable())
            inner.AddRange(await query.ToListAsync());

        Assert.Equal([pool], inner);
    }

    private static Task<string?> FindPool(CognitoDbContext db, string poolId) =>
        db.UserPools.AsNoTracking().Where(p => p.Id == poolId).Select(p => p.Id).SingleOrDefaultAsync();

    private static Group NewGroup(string pool, string name) =>
        new() { UserPoolId = pool, GroupName = name, CreatedAt = DateTime.UtcNow, ModifiedAt = DateTime.UtcNow };
}
