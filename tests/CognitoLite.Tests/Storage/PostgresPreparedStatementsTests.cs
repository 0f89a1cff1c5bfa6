using CognitoLite.Core.Storage;
using CognitoLite.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CognitoLite.Tests.Storage;

/// <summary>On PostgreSQL, Npgsql prepares a statement on the server once a connection has used it a few times.</summary>
public sealed class PostgresPreparedStatementsTests(PostgresHost fixture) : IClassFixture<PostgresHost>
{
    [Theory]
    [InlineData("Host=db;Database=cognito", 64)]
    [InlineData("Host=db;Database=cognito;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=cognito;MaxAutoPrepare=8", 8)]
    public void Statements_are_prepared_unless_the_connection_string_says_otherwise(string given, int expected)
    {
        var connection = new NpgsqlConnectionStringBuilder(CognitoLite.Server.Storage.WithPreparedStatements(given));
        Assert.Equal(expected, connection.MaxAutoPrepare);
        Assert.Equal(("db", "cognito"), (connection.Host, connection.Database));
    }

    [Fact]
    public async Task A_query_prepared_on_the_server_answers_with_each_executions_parameters()
    {
        var idp = new IdpFlows(fixture.Host);
        var pools = new List<string>();
        for (var i = 0; i < 3; i++) pools.Add(await idp.CreatePool());
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        Assert.Equal(64, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare);

        // Npgsql prepares after 5 uses; 12 executions run both unprepared and prepared, on one connection (the transaction's).
        await using var transaction = await db.Database.BeginTransactionAsync();
        for (var i = 0; i < 12; i++)
        {
            var pool = pools[i % pools.Count];
            Assert.Equal(pool, await db.UserPools.AsNoTracking().Where(p => p.Id == pool).Select(p => p.Id).SingleAsync());
        }

        var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
        Assert.Contains(prepared, statement => statement.Contains("FROM \"UserPools\"", StringComparison.Ordinal));
    }
}
