using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CognitoLite.Bench;

/// <summary>
/// Fills a pool fast for the scale run: confirmed users written straight into the Users table with one binary
/// COPY, all sharing one bcrypt hash computed once (a hash carries its own salt, so sharing it changes nothing
/// for a sign-in), then ANALYZE so the planner knows the table's new size as autovacuum soon would.
/// </summary>
internal static class Seeder
{
    public static string Username(int index) => $"scale-{index:D6}";

    public static async Task InsertUsers(string connectionString, string poolId, int from, int to, string passwordHash)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const string Copy = """
            COPY "Users" ("Id", "UserPoolId", "Username", "UsernameKey", "Sub", "Status", "Enabled", "Attributes",
                          "PasswordHash", "FailedSignInAttempts", "CreatedAt", "ModifiedAt") FROM STDIN (FORMAT BINARY)
            """;
        var now = DateTime.UtcNow;
        await using (var writer = await connection.BeginBinaryImportAsync(Copy))
        {
            for (var i = from; i < to; i++)
            {
                var name = Username(i);
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await writer.WriteAsync(poolId, NpgsqlDbType.Varchar);
                await writer.WriteAsync(name, NpgsqlDbType.Varchar);
                await writer.WriteAsync(name, NpgsqlDbType.Varchar);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await writer.WriteAsync("CONFIRMED", NpgsqlDbType.Varchar);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean);
                await writer.WriteAsync($$"""{"email":"{{name}}@example.com"}""", NpgsqlDbType.Text);
                await writer.WriteAsync(passwordHash, NpgsqlDbType.Text);
                await writer.WriteAsync(0, NpgsqlDbType.Integer);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE \"Users\"", connection);
        await analyze.ExecuteNonQueryAsync();
    }
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
