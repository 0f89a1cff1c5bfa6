using CognitoLite.Core;
using CognitoLite.Core.Seed;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CognitoLite.Server;

/// <summary>
/// Picks the store: PostgreSQL when a connection string is configured, otherwise SQLite in the data folder. Contexts are
/// pooled: setting up a fresh one (options, EF's internal services, SQLite's functions on a new connection) cost more
/// CPU than a simple operation's own queries.
/// </summary>
internal static class Storage
{
    public static string AddCognitoStorage(this IServiceCollection services, IConfiguration configuration, CognitoOptions options)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            var connection = WithPreparedStatements(postgres);
            services.AddDbContextPool<CognitoDbContext, PostgresCognitoDbContext>(o => o.UseNpgsql(connection).SkipPendingModelCheck());
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        }
        var path = Path.Combine(options.CreateDataDir(), "cognitolite.db");
        // A pooled SQLite context keeps its connection open (SqlitePreparedStatements); beyond 64 waiting in the pool,
        // contexts and their connections are closed when done.
        services.AddDbContextPool<CognitoDbContext, SqliteCognitoDbContext>(o => SqlitePreparedStatements.Use(o
            .UseSqlite($"Data Source={path};Pooling=True")
            .AddInterceptors(SqliteDurability.Instance)
            .SkipPendingModelCheck()), poolSize: 64);
        return $"SQLite {path}";
    }

    /// <summary>
    /// PostgreSQL parsed and planned every statement EF sent: Npgsql prepares a statement on the server once it has
    /// been used a few times on a connection, when Max Auto Prepare is above 0 (its default is 0). 64 unless the
    /// connection string says otherwise (Max Auto Prepare=0 for a PgBouncer in transaction mode older than 1.21).
    /// </summary>
    internal static string WithPreparedStatements(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare")) return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }

    /// <summary>
    /// EF's migrator compares the model with the last migration's snapshot on every start, to refuse a model that has
    /// no migration yet: 100–200 ms of a 1.8 s start. The test suite makes that comparison for both stores
    /// (ModelMigrationsTests), so a build that passes CI cannot have a model without its migration.
    /// </summary>
    private static DbContextOptionsBuilder SkipPendingModelCheck(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    /// <summary>Brings the schema up to date, checks the master key is the database's, then creates what the seed file names and is missing.</summary>
    public static async Task MigrateAndSeedAsync(this WebApplication app, CognitoOptions options)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        // WAL first: a new database's schema is then committed to the WAL without waiting for the disk (SqliteDurability).
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync(SqliteDurability.WalPragma);
        await StoreSchema.UpdateAsync(db, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<SecretProtector>().VerifyKeyAsync(db, CancellationToken.None);
        if (options.SeedFile is not null)
            await scope.ServiceProvider.GetRequiredService<SeedService>().Apply(options.SeedFile, CancellationToken.None);
    }
}
