using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace CognitoLite.Tests.Infrastructure;

/// <summary>
/// The built server as a child process (`dotnet CognitoLite.Server.dll`, the copy the build puts beside the tests), for
/// what only a real process shows: exit codes, standard output and error, real sockets and HTTPS.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CognitoLite.Server.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The server reads its settings from the environment too: only the arguments given here count.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("CognitoLite__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (_stdout) _stdout.AppendLine(line.Data);
            if (line.Data.Contains("CognitoLite listening on", StringComparison.Ordinal)) _listening.TrySetResult();
        };
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (_stderr) _stderr.AppendLine(line.Data);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Runs the server with these arguments and waits for it to exit by itself (a start-up failure).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExit(string workingDirectory, params string[] args)
    {
        await using var server = new ServerProcess(workingDirectory, args);
        using var timeout = new CancellationTokenSource(Patience);
        await server._process.WaitForExitAsync(timeout.Token);
        return (server._process.ExitCode, server.Stdout, server.Stderr);
    }

    /// <summary>Starts the server and waits for its "CognitoLite listening on" line.</summary>
    public static async Task<ServerProcess> Start(string workingDirectory, params string[] args)
    {
        var server = new ServerProcess(workingDirectory, args);
        var exited = server._process.WaitForExitAsync();
        var first = await Task.WhenAny(server._listening.Task, exited, Task.Delay(Patience));
        if (first == server._listening.Task) return server;
        await server.DisposeAsync();
        throw new InvalidOperationException($"The server did not start.\n{server.Stdout}\n{server.Stderr}");
    }

    /// <summary>Stops the server as a service manager does (SIGTERM) and waits for its exit: its output is then complete.</summary>
    public async Task<int> StopAsync()
    {
        Assert.Equal(0, Kill(_process.Id, Sigterm));
        using var timeout = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
