using CognitoLite.Core;
using CognitoLite.Core.Storage;

namespace CognitoLite.Server;

/// <summary>
/// Deletes expired rows (<see cref="Housekeeping"/>) once at start and then every CognitoLite:Housekeeping:Interval.
/// Each replica runs its own passes: no lock or leader is needed, since deleting rows another replica deletes too is harmless.
/// </summary>
internal sealed partial class HousekeepingHost(IServiceScopeFactory scopes, CognitoOptions options, TimeProvider clock, ILogger<HousekeepingHost> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Housekeeping.Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await scope.ServiceProvider.GetRequiredService<Housekeeping>().Run(stoppingToken);
                if (deleted.Count > 0) Deleted(logger, deleted);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A database that is down now may be back at the next pass.
                Failed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One line per pass that deleted anything (a pass every few minutes: the line's cost does not matter).</summary>
    private static void Deleted(ILogger logger, IReadOnlyDictionary<string, int> deleted)
    {
        var count = deleted.Values.Sum();
        var tables = string.Join(", ", deleted.Select(table => $"{table.Key} {table.Value}"));
        LogDeleted(logger, count, tables);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Housekeeping deleted {Count} expired rows ({Tables:l})")]
    private static partial void LogDeleted(ILogger logger, int count, string tables);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Housekeeping pass failed; the next one runs at the next interval")]
    private static partial void Failed(ILogger logger, Exception error);
}
