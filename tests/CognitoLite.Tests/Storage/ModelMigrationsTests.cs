using CognitoLite.Core.Storage;
using CognitoLite.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Storage;

/// <summary>
/// The server skips EF's start-up comparison of the model with the migrations (it cost about 150 ms a start);
/// this is that comparison, for each store: a model change without its migration fails here.
/// </summary>
public abstract class ModelMigrationsContract(CognitoHost host)
{
    [Fact]
    public void The_model_has_no_change_without_a_migration()
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        Assert.False(db.Database.HasPendingModelChanges());
    }
}

public sealed class ModelMigrationsTests(PostgresHost fixture) : ModelMigrationsContract(fixture.Host), IClassFixture<PostgresHost>;

public sealed class ModelMigrationsTestsOnSqlite(SqliteHost fixture) : ModelMigrationsContract(fixture.Host), IClassFixture<SqliteHost>;
