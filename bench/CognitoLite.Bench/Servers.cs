using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CognitoLite.Bench;

/// <summary>A server under test: a child process on a free loopback port, its output in a log file.</summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    /// <summary>The runtime's switch that the bench sets for itself (Program.cs) and keeps from the servers.</summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private readonly Process _process;
    private readonly string _scratch;
    private readonly Func<Task>? _cleanup;

    private ServerUnderTest(string label, Uri url, Process process, string scratch, string log, Func<Task>? cleanup, string? sqliteFile)
    {
        Label = label;
        SqliteFile = sqliteFile;
        Url = url;
        _process = process;
        _scratch = scratch;
        Log = log;
        _cleanup = cleanup;
        Client = new CognitoClient(url);
    }

    public string Label { get; }
    public Uri Url { get; }
    public string Log { get; }
    public CognitoClient Client { get; }
    /// <summary>The database file of a CognitoLite on SQLite (in its data folder); null for the others.</summary>
    public string? SqliteFile { get; }
    public int Pid => _process.Id;

    /// <summary>
    /// The published CognitoLite with a fresh data folder at the given bcrypt cost; on PostgreSQL when a
    /// connection string is given (a database of its own), otherwise SQLite in the data folder.
    /// </summary>
    public static Task<ServerUnderTest> StartCognitoLite(BenchOptions options, int cost, string? postgres, Func<Task>? cleanup = null,
        Dictionary<string, string>? targetEnv = null)
    {
        // SERVER_DIR among a target's settings runs another build (e.g. main's, published elsewhere) next to this one.
        var serverDir = targetEnv?.GetValueOrDefault("SERVER_DIR") ?? options.ServerDir;
        var binary = Path.GetFullPath(Path.Combine(serverDir, "CognitoLite.Server"));
        if (!File.Exists(binary)) throw new InvalidOperationException($"{binary} not found: publish the server first (bench/run.sh does).");
        var scratch = Directory.CreateTempSubdirectory("cognitolite-bench-").FullName;
        var port = FreePort();
        var data = Path.Combine(scratch, "data");
        List<string> arguments = ["--urls", $"http://127.0.0.1:{port}", "--data-dir", data];
        if (postgres is not null) arguments.AddRange(["--postgres", postgres]);
        var store = postgres is null ? "sqlite" : "postgres";
        var env = new Dictionary<string, string>(options.ServerEnv) { ["CognitoLite__PasswordHashCost"] = cost.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (name, value) in targetEnv ?? []) if (name != "SERVER_DIR") env[name] = value;
        var settings = targetEnv is { Count: > 0 }
            ? $"[{string.Join(';', targetEnv.Select(kv => kv.Key == "SERVER_DIR" ? Path.GetFileName(Path.TrimEndingDirectorySeparator(kv.Value)) : $"{kv.Key}={kv.Value}"))}]"
            : "";
        return Start($"cognitolite-{store}-cost{cost}{settings}", binary, arguments, env, scratch, port, options, cleanup,
            postgres is null ? Path.Combine(data, "cognitolite.db") : null);
    }

    /// <summary>cognito-local from its npm package, in a temp working folder (it keeps its data in ./.cognito).</summary>
    public static Task<ServerUnderTest> StartCognitoLocal(BenchOptions options)
    {
        var script = Path.GetFullPath(Path.Combine(options.CognitoLocalDir, "node_modules", "cognito-local", "lib", "bin", "start.js"));
        if (!File.Exists(script)) throw new InvalidOperationException($"{script} not found: npm install --prefix {options.CognitoLocalDir} cognito-local@5.3.0");
        var scratch = Directory.CreateTempSubdirectory("cognito-local-bench-").FullName;
        // Its default pool config makes the email the username; plain usernames, as CognitoLite's pools get.
        Directory.CreateDirectory(Path.Combine(scratch, ".cognito"));
        File.WriteAllText(Path.Combine(scratch, ".cognito", "config.json"), """{ "UserPoolDefaults": { "UsernameAttributes": [] } }""");
        var port = FreePort();
        var env = new Dictionary<string, string> { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["HOST"] = "127.0.0.1" };
        return Start("cognito-local", "node", [script], env, scratch, port, options, null, null);
    }

    private static async Task<ServerUnderTest> Start(string label, string file, List<string> arguments, Dictionary<string, string> env,
        string scratch, int port, BenchOptions options, Func<Task>? cleanup, string? sqliteFile)
    {
        Directory.CreateDirectory(options.LogDir);
        var log = Path.GetFullPath(Path.Combine(options.LogDir, $"{label.Replace('/', '_')}-{DateTime.UtcNow:HHmmss}-{port}.log"));
        // The shell only redirects and then becomes the server (exec), so the pid we hold is the server's own
        // and the bench does not spend CPU copying its log.
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = scratch, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >\"$BENCH_LOG\" 2>&1");
        start.ArgumentList.Add(file);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["BENCH_LOG"] = log;
        start.Environment.Remove(InlineSocketCompletions);
        foreach (var (name, value) in env) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var server = new ServerUnderTest(label, new Uri($"http://127.0.0.1:{port}"), process, scratch, log, cleanup, sqliteFile);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!await server.Client.Answers(timeout.Token))
        {
            if (process.HasExited)
            {
                var exitCode = process.ExitCode;
                await server.DisposeAsync();
                throw new InvalidOperationException($"{label} exited with {exitCode} before answering; see {log}:\n{Tail(log)}");
            }
            await Task.Delay(200, timeout.Token);
        }
        return server;
    }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_cleanup is not null) await _cleanup();
        Directory.Delete(_scratch, recursive: true);
    }

    private static string Tail(string log) =>
        File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no log)";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
