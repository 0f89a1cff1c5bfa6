using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CognitoLite.Core.Storage;

/// <summary>
/// Brings the store's schema up to date at start-up, calling EF's migrator only when it has work that needs it. The
/// migrator builds every pending migration's target model and its SQL on each run (on a new SQLite database, most of a
/// start's CPU), and takes its lock even when nothing is pending.
/// </summary>
public static class StoreSchema
{
    /// <summary>Every SQLite migration as one script (`dotnet ef migrations script`, see README "Changing the model").</summary>
    public const string SqliteScriptResource = "CognitoLite.Core.Storage.Migrations.Sqlite.Migrations.sql";

    public static async Task UpdateAsync(CognitoDbContext db, CancellationToken ct)
    {
        var applied = await AppliedMigrationsAsync(db, ct);
        if (applied.Count == 0 && db.Database.IsSqlite() && await CreateSqliteAsync(db, ct)) return;
        // The history table against the migrations compiled in: the test the migrator makes before doing nothing. Listing
        // them loads every type of this assembly, which a new database need not wait for.
        if (db.Database.GetMigrations().All(applied.Contains)) return;
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>
    /// A new SQLite database gets every migration from the script, which is what the migrator would run, in one
    /// transaction. BEGIN IMMEDIATE holds SQLite's write lock, so a second process starting on the same new file waits
    /// for it and then finds the migrations applied; false when one already has.
    /// </summary>
    private static async Task<bool> CreateSqliteAsync(CognitoDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if ((await AppliedMigrationsAsync(db, ct)).Count > 0) return false;
        await db.Database.ExecuteSqlRawAsync(SqliteScript(), ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// The history table's migration ids, read with plain SQL: EF's own reader builds a model of the history table with
    /// every convention first, at each start.
    /// </summary>
    private static async Task<HashSet<string>> AppliedMigrationsAsync(CognitoDbContext db, CancellationToken ct)
    {
        if (!await db.GetService<IHistoryRepository>().ExistsAsync(ct)) return new(StringComparer.OrdinalIgnoreCase);
        var ids = await db.Database.SqlQueryRaw<string>("SELECT \"MigrationId\" AS \"Value\" FROM \"__EFMigrationsHistory\"").ToListAsync(ct);
        return ids.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    internal static string SqliteScript()
    {
        using var stream = typeof(StoreSchema).Assembly.GetManifestResourceStream(SqliteScriptResource)
            ?? throw new InvalidOperationException($"{SqliteScriptResource} is not embedded in {typeof(StoreSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
