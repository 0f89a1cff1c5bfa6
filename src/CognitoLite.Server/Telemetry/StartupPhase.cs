using System.Diagnostics;

namespace CognitoLite.Server.Telemetry;

/// <summary>
/// Where a start's time goes, at Debug (bench/startup.sh measures the whole from outside): each phase's time and CPU
/// time, and the process's CPU time so far.
/// </summary>
internal readonly record struct StartupPhase(long Started, TimeSpan Cpu)
{
    public static StartupPhase Begin() => new(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);

    public void End(ILogger logger, string phase)
    {
        if (!logger.IsEnabled(LogLevel.Debug)) return;
        var cpu = Environment.CpuUsage.TotalTime;
        logger.LogDebug("Start-up: {Phase} in {Elapsed:0} ms ({Cpu:0} ms CPU); {ProcessCpu:0} ms CPU since the process started",
            phase, Stopwatch.GetElapsedTime(Started).TotalMilliseconds, (cpu - Cpu).TotalMilliseconds, cpu.TotalMilliseconds);
    }
}
