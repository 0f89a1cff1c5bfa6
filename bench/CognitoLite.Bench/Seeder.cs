using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CognitoLite.Bench;

/// <summary>
/// Fills a pool fast for the scale run, writing straight into the store the server uses (not through SignUp): on
/// PostgreSQL one binary COPY, on SQLite one prepared INSERT in one transaction. Users are confirmed and enabled and all
/// share one bcrypt hash computed once (a hash carries its own salt, so sharing it changes nothing for a sign-in). Each
/// has an email attribute, also in the Email column that ListUsers filters on, as SignUp would leave it. Columns that
/// sign-in, GetUser and ListUsers do not read (the SRP verifier, the other attribute copies) are left NULL, or get their
/// type's zero (false, 0, '') where the schema requires a value, so that columns added by later migrations do not break
/// the seeding.
/// </summary>
internal static class Seeder
{
    private static readonly string[] Filled =
        ["Id", "UserPoolId", "Username", "UsernameKey", "Sub", "Status", "Enabled", "Attributes", "Email", "PasswordHash", "CreatedAt", "ModifiedAt"];

    public static string Username(int index) => $"scale-{index:D6}";

    /// <summary>Not derived from the username, so that a filter on it (Scenarios.ListUsersFilter) picks users all over the username order.</summary>
    public static string Email(int index) => $"user{index}@example.com";

    /// <summary>COPY, then ANALYZE so the planner knows the table's new size, as autovacuum soon would.</summary>
    public static async Task InsertIntoPostgres(string connectionString, string poolId, int count, string passwordHash)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var zeroed = await PostgresRequiredColumnsBesides(connection);
        var columns = string.Join(", ", Filled.Concat(zeroed.Select(z => z.Name)).Select(c => $"\"{c}\""));
        var now = DateTime.UtcNow;
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY \"Users\" ({columns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                var name = Username(i);
                var email = Email(i);
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await writer.WriteAsync(poolId, NpgsqlDbType.Varchar);
                await writer.WriteAsync(name, NpgsqlDbType.Varchar);
                await writer.WriteAsync(name, NpgsqlDbType.Varchar);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await writer.WriteAsync("CONFIRMED", NpgsqlDbType.Varchar);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean);
                await writer.WriteAsync(Attributes(email), NpgsqlDbType.Text);
                await writer.WriteAsync(email, NpgsqlDbType.Varchar);
                await writer.WriteAsync(passwordHash, NpgsqlDbType.Text);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                foreach (var (_, type) in zeroed) await WriteZero(writer, type);
            }
            await writer.CompleteAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE \"Users\"", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Into the database file of a running, idle server, in EF Core's SQLite formats (GUIDs as upper-case text, dates as
    /// "yyyy-MM-dd HH:mm:ss.FFFFFFF", booleans as 0/1). The server's connections see the rows at the commit (WAL). The
    /// WAL is then checkpointed and truncated, so that the server reads the rows from the database file, as it would
    /// after its own checkpoints. No ANALYZE: the server never runs one, so its queries are planned without statistics.
    /// </summary>
    public static async Task InsertIntoSqlite(string databaseFile, string poolId, int count, string passwordHash)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        await connection.OpenAsync();
        // A page cache large enough for the indexes, which random GUIDs (Id, Sub) fill in no order.
        await SqliteExecute(connection, "PRAGMA busy_timeout=30000; PRAGMA cache_size=-1048576;");
        var zeroed = await SqliteRequiredColumnsBesides(connection);
        var columns = Filled.Concat(zeroed.Select(z => z.Name)).ToArray();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO \"Users\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i}"))})";
            var values = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = $"${i}" })).ToArray();
            for (var z = 0; z < zeroed.Count; z++) values[Filled.Length + z].Value = SqliteZero(zeroed[z].Type);
            values[1].Value = poolId;
            values[5].Value = "CONFIRMED";
            values[6].Value = 1;
            values[9].Value = passwordHash;
            values[10].Value = now;
            values[11].Value = now;
            insert.Prepare();
            for (var i = 0; i < count; i++)
            {
                var name = Username(i);
                var email = Email(i);
                values[0].Value = Guid.NewGuid().ToString().ToUpperInvariant();
                values[2].Value = name;
                values[3].Value = name;
                values[4].Value = Guid.NewGuid().ToString().ToUpperInvariant();
                values[7].Value = Attributes(email);
                values[8].Value = email;
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        await SqliteExecute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private static string Attributes(string email) => $$"""{"email":"{{email}}"}""";

    private static async Task SqliteExecute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>NOT NULL columns without a default that we do not fill ourselves.</summary>
    private static async Task<List<(string Name, string Type)>> PostgresRequiredColumnsBesides(NpgsqlConnection connection)
    {
        await using var query = new NpgsqlCommand("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'Users' AND is_nullable = 'NO' AND column_default IS NULL
            ORDER BY ordinal_position
            """, connection);
        await using var reader = await query.ExecuteReaderAsync();
        var columns = new List<(string, string)>();
        while (await reader.ReadAsync())
            if (!Filled.Contains(reader.GetString(0))) columns.Add((reader.GetString(0), reader.GetString(1)));
        return columns;
    }

    private static async Task<List<(string Name, string Type)>> SqliteRequiredColumnsBesides(SqliteConnection connection)
    {
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT name, type FROM pragma_table_info('Users') WHERE \"notnull\" = 1 AND dflt_value IS NULL ORDER BY cid";
        await using var reader = await query.ExecuteReaderAsync();
        var columns = new List<(string, string)>();
        while (await reader.ReadAsync())
            if (!Filled.Contains(reader.GetString(0))) columns.Add((reader.GetString(0), reader.GetString(1)));
        return columns;
    }

    private static Task WriteZero(NpgsqlBinaryImporter writer, string type) => type switch
    {
        "boolean" => writer.WriteAsync(false, NpgsqlDbType.Boolean),
        "smallint" => writer.WriteAsync((short)0, NpgsqlDbType.Smallint),
        "integer" => writer.WriteAsync(0, NpgsqlDbType.Integer),
        "bigint" => writer.WriteAsync(0L, NpgsqlDbType.Bigint),
        "text" or "character varying" => writer.WriteAsync("", NpgsqlDbType.Text),
        _ => throw new NotSupportedException($"The Users table has a required column of type {type} that the seeder does not know how to fill."),
    };

    private static object SqliteZero(string type) => type switch
    {
        "INTEGER" => 0,
        "TEXT" => "",
        _ => throw new NotSupportedException($"The Users table has a required column of type {type} that the seeder does not know how to fill."),
    };
}

/// <summary>What bcrypt costs on this machine now: the yardstick for the cost-10 sign-in goal.</summary>
internal sealed record BcryptCalibration(double VerifyMsCost10, double VerifiesPerSecondAllCores);

internal static class Calibration
{
    public static BcryptCalibration Bcrypt()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword(CognitoCalls.Password, 10);
        BCrypt.Net.BCrypt.Verify(CognitoCalls.Password, hash);
        var single = Stopwatch.StartNew();
        const int Rounds = 8;
        for (var i = 0; i < Rounds; i++) BCrypt.Net.BCrypt.Verify(CognitoCalls.Password, hash);
        var verifyMs = single.Elapsed.TotalMilliseconds / Rounds;

        long verifies = 0;
        var parallel = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ =>
        {
            while (parallel.Elapsed < TimeSpan.FromSeconds(3))
            {
                BCrypt.Net.BCrypt.Verify(CognitoCalls.Password, hash);
                Interlocked.Increment(ref verifies);
            }
        });
        return new BcryptCalibration(Math.Round(verifyMs, 1), Math.Round(verifies / parallel.Elapsed.TotalSeconds, 1));
    }
}
