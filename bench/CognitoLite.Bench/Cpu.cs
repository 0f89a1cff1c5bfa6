using System.Diagnostics;
using System.Globalization;

namespace CognitoLite.Bench;

/// <summary>The fields of /proc/PID/stat we use (CPU in clock ticks of 1/100 s, as on Linux).</summary>
internal readonly record struct ProcStat(int ParentPid, long CpuTicks)
{
    public static ProcStat? Read(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ": state ppid ... utime is the 14th field of the line, stime the 15th.
            return new ProcStat(int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null; // the process ended while we looked
        }
    }
}

/// <summary>Where the machine's CPU went during one measured window, in percent of one core (200 = both cores busy).</summary>
internal sealed record CpuShare(double Machine, double Server, double Database, double Bench, double LoadAverage);

/// <summary>Samples machine, server, database and bench CPU at the start of a window and compares at the end.</summary>
internal sealed class CpuWindow
{
    private readonly Func<TimeSpan> _server;
    private readonly Func<TimeSpan> _database;
    private readonly (long Busy, long Total) _machine = Machine();
    private readonly TimeSpan _serverStart;
    private readonly TimeSpan _databaseStart;
    private readonly TimeSpan _benchStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _started = Stopwatch.GetTimestamp();

    public CpuWindow(Func<TimeSpan> server, Func<TimeSpan> database)
    {
        _server = server;
        _database = database;
        _serverStart = server();
        _databaseStart = database();
    }

    public CpuShare Stop()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var (busy, total) = Machine();
        var machine = total == _machine.Total ? 0 : 100.0 * Environment.ProcessorCount * (busy - _machine.Busy) / (total - _machine.Total);
        // Backends that exit during the window take their CPU time with them: never report less than nothing.
        double Percent(TimeSpan used) => Math.Max(0, Math.Round(100 * used.TotalSeconds / seconds, 1));
        return new CpuShare(
            Math.Round(machine, 1),
            Percent(_server() - _serverStart),
            Percent(_database() - _databaseStart),
            Percent(Process.GetCurrentProcess().TotalProcessorTime - _benchStart),
            LoadAverage());
    }

    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static (long Busy, long Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return (total - fields[3] - fields[4], total);
    }
}
