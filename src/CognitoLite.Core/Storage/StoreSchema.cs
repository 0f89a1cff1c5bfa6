using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

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
    /// every convention first, at each start (about 100 ms of CPU).
    /// </summary>
    private static async Task<HashSet<string>> AppliedMigrationsAsync(CognitoDbContext db, CancellationToken ct)
    {
        var applied = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!await db.GetService<IHistoryRepository>().ExistsAsync(ct)) return applied;
        // The connection itself, not EF's OpenConnection: EF's execution strategy would hide a refused connection's
        // own error behind its own (StartupFailure names the store from the former).
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Npgsql's history repository says the table exists without looking (the search_path decides what the name
            // means), and EF's reader takes this error for a new database, as this does.
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
        return applied;
    }

    internal static string SqliteScript()
    {
        using var stream = typeof(StoreSchema).Assembly.GetManifestResourceStream(SqliteScriptResource)
            ?? throw new InvalidOperationException($"{SqliteScriptResource} is not embedded in {typeof(StoreSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
