using CognitoLite.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CognitoLite.Tests.Storage;

/// <summary>
/// A new SQLite database is made from the migrations' script (Storage/Migrations/Sqlite/Migrations.sql) rather than by
/// EF's migrator: the script must be the migrator's own, and what it makes what the migrator makes.
/// </summary>
public sealed class StoreSchemaTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cognitolite-schema-");

    [Fact]
    public void The_script_is_every_migration_as_the_migrator_writes_it()
    {
        using var db = Sqlite("script");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.NoTransactions);

        Assert.Equal(script.ReplaceLineEndings(), StoreSchema.SqliteScript().ReplaceLineEndings());
    }

    [Fact]
    public async Task A_new_database_gets_the_schema_and_history_the_migrator_gives()
    {
        await using var scripted = Sqlite("scripted");
        await using var migrated = Sqlite("migrated");

        await StoreSchema.UpdateAsync(scripted, CancellationToken.None);
        await migrated.Database.MigrateAsync();

        Assert.Equal(await Schema(migrated), await Schema(scripted));
        Assert.Equal(migrated.Database.GetMigrations(), await scripted.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await scripted.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_current_database_is_left_as_it_is_and_one_behind_is_migrated()
    {
        await using (var db = Sqlite("behind"))
        {
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[^2]);
            await StoreSchema.UpdateAsync(db, CancellationToken.None);
            Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync());
        }
        await using (var db = Sqlite("behind"))
        {
            var before = await Schema(db);
            await StoreSchema.UpdateAsync(db, CancellationToken.None);
            Assert.Equal(before, await Schema(db));
        }
    }

    private SqliteCognitoDbContext Sqlite(string name) =>
        new(new DbContextOptionsBuilder<SqliteCognitoDbContext>().UseSqlite($"Data Source={Path.Combine(_dir.FullName, name + ".db")};Pooling=False").Options);

    /// <summary>Every table, index and trigger as SQLite keeps it, but the migrator's own lock table.</summary>
    private static async Task<List<string>> Schema(DbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE name <> '__EFMigrationsLock' ORDER BY type, name""";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
