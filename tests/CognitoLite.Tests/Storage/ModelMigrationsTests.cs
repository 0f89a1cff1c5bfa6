using CognitoLite.Core.Storage;
using CognitoLite.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Storage;

/// <summary>
/// What the server no longer works out at each start, worked out here for each store: EF's comparison of the model with
/// the migrations (about 150 ms a start), and the model itself, which the server loads compiled (Storage/CompiledModels)
/// instead of building it from OnModelCreating. A model change without its migration or its regenerated compiled model
/// fails here (README, "Changing the model").
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

    [Fact]
    public void The_compiled_model_is_the_model_OnModelCreating_builds()
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        var built = db.GetService<IModelSource>().GetModel(db, db.GetService<ModelCreationDependencies>(), designTime: false);

        Assert.NotSame(built, db.Model);
        Assert.Equal(built.ToDebugString(MetadataDebugStringOptions.LongDefault), db.Model.ToDebugString(MetadataDebugStringOptions.LongDefault));
    }
}

public sealed class ModelMigrationsTests(PostgresHost fixture) : ModelMigrationsContract(fixture.Host), IClassFixture<PostgresHost>;

public sealed class ModelMigrationsTestsOnSqlite(SqliteHost fixture) : ModelMigrationsContract(fixture.Host), IClassFixture<SqliteHost>;
