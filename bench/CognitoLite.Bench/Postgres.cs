using System.Diagnostics;
using Npgsql;

namespace CognitoLite.Bench;

/// <summary>
/// The PostgreSQL server runs use: the one given with --postgres, or a throwaway cluster made with the local
/// initdb/pg_ctl (as the postgres user when we are root), with PostgreSQL's default durability settings.
/// Every CognitoLite start gets a database of its own, dropped afterwards.
/// </summary>
internal sealed class PostgresHost : IAsyncDisposable
{
    private readonly string? _bin;
    private readonly string? _root;

    private PostgresHost(string admin, string? bin, string? root)
    {
        Admin = admin;
        _bin = bin;
        _root = root;
    }

    public string Admin { get; }

    /// <summary>The postmaster's pid when we run the cluster (its backends are its children), for CPU accounting.</summary>
    public int? PostmasterPid => _root is null ? null : int.Parse(File.ReadLines(Path.Combine(_root, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<PostgresHost> Start(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given)) return new PostgresHost(given, null, null);
        var bin = FindBin() ?? throw new InvalidOperationException("No PostgreSQL: pass --postgres or install the server (apt-get install -y postgresql).");
        var root = Directory.CreateTempSubdirectory("cognitolite-bench-pg-").FullName;
        var data = Path.Combine(root, "data");
        var port = ServerUnderTest.FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) await Run("chown", ["postgres", root]);
        await Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"], asRoot);
        var settings = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB";
        await Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "log"), "-w", "-o", settings, "start"], asRoot);
        return new PostgresHost($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", bin, root);
    }

    /// <summary>A fresh database; the returned connection string is what the server gets with --postgres.</summary>
    public async Task<(string ConnectionString, Func<Task> Drop)> CreateDatabase()
    {
        var name = "cognitolite_bench_" + Guid.NewGuid().ToString("N")[..8];
        await Execute(Admin, $"CREATE DATABASE \"{name}\"");
        var connection = new NpgsqlConnectionStringBuilder(Admin) { Database = name, MaxPoolSize = 50 }.ConnectionString;
        return (connection, () => Execute(Admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
    }

    public static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>CPU time of the postmaster and its backends, read from /proc (zero for a server we do not run).</summary>
    public TimeSpan CpuTime()
    {
        if (PostmasterPid is not { } postmaster) return TimeSpan.Zero;
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var stat = ProcStat.Read(pid);
            if (stat is { } s && (pid == postmaster || s.ParentPid == postmaster)) ticks += s.CpuTicks;
        }
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public async ValueTask DisposeAsync()
    {
        if (_bin is null || _root is null) return;
        await Run(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "stop"], Environment.UserName == "root");
        Directory.Delete(_root, recursive: true);
    }

    private static string? FindBin() =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).ToArray() : [])
        .Select(d => Path.Combine(d, "bin"))
        .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));

    private static async Task Run(string file, string[] arguments, bool asPostgres = false)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/tmp",
        };
        if (asPostgres) foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
    }
}
