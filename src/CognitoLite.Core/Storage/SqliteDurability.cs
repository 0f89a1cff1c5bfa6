using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CognitoLite.Core.Storage;

/// <summary>
/// SQLite in WAL mode with synchronous=NORMAL, SQLite's recommended pairing: a commit is appended to the WAL without
/// an fsync of its own (the WAL is synced at each checkpoint), so commits cost microseconds instead of a disk flush.
/// The database stays consistent on a crash; a power cut may lose the last commits before the next checkpoint.
/// A writer that finds another one busy waits in SQLite's own busy handler (it retries within a millisecond or
/// two) rather than failing to Microsoft.Data.Sqlite, which retries only after sleeping 150 ms: concurrent sign-ins
/// queued behind those sleeps. Reads go through a memory map: in WAL mode a connection drops its whole page cache
/// whenever another one has committed, and without the map every page was then read again with a system call.
/// These are settings of the native connection, which Microsoft.Data.Sqlite's pool keeps open across opens, so
/// they are set once per native connection (WAL is recorded in the file, set at start-up).
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    public static readonly SqliteDurability Instance = new();

    public const string WalPragma = "PRAGMA journal_mode=WAL;";
    // The busy timeout matches the default command timeout (30 s).
    private const string ConnectionPragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=1073741824;";
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Run(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // SQLite runs in process: the pragma completes synchronously either way.
        Run(connection);
        return Task.CompletedTask;
    }

    private static void Run(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } native } && !Configured.TryAdd(native, Configured)) return;
        using var command = connection.CreateCommand();
        command.CommandText = ConnectionPragmas;
        command.ExecuteNonQuery();
    }
}
