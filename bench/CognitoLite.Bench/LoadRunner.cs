using System.Collections.Concurrent;
using System.Diagnostics;

namespace CognitoLite.Bench;

/// <summary>How long one measurement runs: a fixed time, or a fixed number of operations shared by the workers.</summary>
internal sealed record Limit(TimeSpan Duration, long? Operations)
{
    public override string ToString() => Operations is { } n ? $"{n} ops" : $"{Duration.TotalSeconds:0.#} s";
}

/// <summary>What one measured window gave: successful operations, their latency percentiles, and the errors.</summary>
internal sealed record Measurement(long Ops, double Seconds, double OpsPerSecond, double P50Ms, double P90Ms, double P99Ms, double MaxMs,
    long Errors, IReadOnlyDictionary<string, int> ErrorKinds);

/// <summary>
/// Runs <c>workers</c> closed-loop workers (each sends its next request when the previous one answered) and
/// measures the successful operations' latency; an operation is whatever the scenario does (one or two calls).
/// </summary>
internal static class LoadRunner
{
    public delegate Task Operation(int worker, long sequence);

    public static async Task<Measurement> Run(int workers, Limit limit, Operation operation)
    {
        long issued = 0;
        long errors = 0;
        var errorKinds = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var latencies = new List<double>[workers];
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(limit.Duration.TotalSeconds * Stopwatch.Frequency);

        async Task Worker(int worker)
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (true)
            {
                var sequence = Interlocked.Increment(ref issued);
                if (limit.Operations is { } max ? sequence > max : Stopwatch.GetTimestamp() >= deadline) return;
                var before = Stopwatch.GetTimestamp();
                try
                {
                    await operation(worker, sequence);
                    mine.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
                }
                catch (Exception error) when (error is CognitoError or HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    var kind = error is CognitoError c ? $"{c.Type}: {c.Message}" : error.GetType().Name + ": " + error.Message;
                    errorKinds.AddOrUpdate(kind.Length > 160 ? kind[..160] : kind, 1, (_, n) => n + 1);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Worker(w))));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Measurement(all.Length, Math.Round(seconds, 2), Math.Round(all.Length / seconds, 1),
            Percentile(all, 0.50), Percentile(all, 0.90), Percentile(all, 0.99), all.Length == 0 ? 0 : Math.Round(all[^1], 2),
            errors, errorKinds.ToDictionary(StringComparer.Ordinal));
    }

    /// <summary>Nearest-rank percentile of sorted values, in ms rounded to 0.01.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 2);
}
