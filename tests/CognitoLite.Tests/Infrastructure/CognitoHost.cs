using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CognitoLite.Tests.Infrastructure;

public enum Store { Postgres, Sqlite }

/// <summary>The real server in process, over the chosen store, with settings a test may add.</summary>
public sealed class CognitoHost : WebApplicationFactory<Program>
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("cognitolite-test-").FullName;
    private readonly Dictionary<string, string?> _settings;

    public CognitoHost(string? postgres, IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["CognitoLite:DataDir"] = _dataDir,
            ["ConnectionStrings:Postgres"] = postgres,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public static async Task<CognitoHost> StartAsync(Store store, string hint, IDictionary<string, string?>? settings = null)
    {
        var postgres = store == Store.Postgres ? await PostgresServer.CreateDatabaseAsync(hint) : null;
        var host = new CognitoHost(postgres, settings);
        _ = host.Server; // builds the host now: migrations run here, not inside the first test
        return host;
    }

    public AwsClient Aws() => new(CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads its options before Build().
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }
}

/// <summary>A class fixture: one host on its own PostgreSQL database for a whole test class.</summary>
public class PostgresHost : IAsyncLifetime
{
    public CognitoHost Host { get; private set; } = null!;
    protected virtual Store Store => Store.Postgres;
    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => Host = await CognitoHost.StartAsync(Store, GetType().Name, Settings);

    public Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }
}

public class SqliteHost : PostgresHost
{
    protected override Store Store => Store.Sqlite;
}
