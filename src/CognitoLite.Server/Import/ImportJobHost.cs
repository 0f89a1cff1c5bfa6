using CognitoLite.Core.Import;

namespace CognitoLite.Server.Import;

/// <summary>Runs the import job runner for as long as the server runs.</summary>
internal sealed class ImportJobHost(ImportJobRunner runner) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => runner.RunAsync(stoppingToken);
}
