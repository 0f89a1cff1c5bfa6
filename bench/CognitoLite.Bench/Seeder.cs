using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CognitoLite.Bench;

/// <summary>
/// Fills a pool fast for the scale run: confirmed users written straight into the Users table with one binary
/// COPY, all sharing one bcrypt hash computed once (a hash carries its own salt, so sharing it changes nothing
/// for a sign-in), then ANALYZE so the planner knows the table's new size as autovacuum soon would. Each user has
/// an email attribute, also in the Email column that ListUsers filters on. Columns that sign-in and ListUsers do
/// not read are left NULL, or get their type's zero (false, 0, '') where the schema requires a value, so that
/// columns added by later migrations do not break the seeding.
/// </summary>
internal static class Seeder
{
    private static readonly string[] Filled =
        ["Id", "UserPoolId", "Username", "UsernameKey", "Sub", "Status", "Enabled", "Attributes", "Email", "PasswordHash", "CreatedAt", "ModifiedAt"];

    public static string Username(int index) => $"scale-{index:D6}";

    /// <summary>Not derived from the username, so that a filter on it (Scenarios.ListUsersFilter) picks users all over the username order.</summary>
    public static string Email(int index) => $"user{index}@example.com";

    public static async Task InsertUsers(string connectionString, string poolId, int from, int to, string passwordHash)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var zeroed = await RequiredColumnsBesides(connection, Filled);
        var columns = string.Join(", ", Filled.Concat(zeroed.Select(z => z.Name)).Select(c => $"\"{c}\""));
        var now = DateTime.UtcNow;
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY \"Users\" ({columns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = from; i < to; i++)
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
                await writer.WriteAsync($$"""{"email":"{{email}}"}""", NpgsqlDbType.Text);
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

    /// <summary>NOT NULL columns without a default that we do not fill ourselves.</summary>
    private static async Task<List<(string Name, string Type)>> RequiredColumnsBesides(NpgsqlConnection connection, string[] filled)
    {
        await using var query = new NpgsqlCommand("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'Users' AND is_nullable = 'NO' AND column_default IS NULL
            ORDER BY ordinal_position
            """, connection);
        await using var reader = await query.ExecuteReaderAsync();
        var columns = new List<(string, string)>();
        while (await reader.ReadAsync())
            if (!filled.Contains(reader.GetString(0))) columns.Add((reader.GetString(0), reader.GetString(1)));
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
