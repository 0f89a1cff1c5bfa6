using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CognitoLite.Core.Storage;

/// <summary>
/// SQLite in WAL mode with synchronous=NORMAL, SQLite's recommended pairing: a commit is appended to the WAL without
/// an fsync of its own (the WAL is synced at each checkpoint), so commits cost microseconds instead of a disk flush.
/// The database stays consistent on a crash; a power cut may lose the last commits before the next checkpoint.
/// A writer that finds another one busy waits in SQLite's own busy handler (it retries within a millisecond or
/// two) rather than failing to Microsoft.Data.Sqlite, which retries only after sleeping 150 ms: concurrent sign-ins
/// queued behind those sleeps. Both are per-connection settings, so they are set on every open (WAL is recorded
/// in the file, set at start-up).
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    public static readonly SqliteDurability Instance = new();

    public const string WalPragma = "PRAGMA journal_mode=WAL;";
    // The busy timeout matches the default command timeout (30 s).
    private const string ConnectionPragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Run(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // SQLite runs in process: the pragma completes synchronously either way.
        Run(connection);
        return Task.CompletedTask;
    }

    private static void Run(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = ConnectionPragmas;
        command.ExecuteNonQuery();
    }
}
