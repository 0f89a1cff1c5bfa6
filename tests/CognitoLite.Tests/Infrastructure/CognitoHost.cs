using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Infrastructure;

public enum Store { Postgres, Sqlite }

/// <summary>The real server in process, over the chosen store, with settings a test may add.</summary>
public sealed class CognitoHost : WebApplicationFactory<Program>
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("cognitolite-test-").FullName;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replaces server services after the host registered its own (e.g. a <see cref="ManualClock"/> as TimeProvider).</param>
    public CognitoHost(string? postgres, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["CognitoLite:DataDir"] = _dataDir,
            ["ConnectionStrings:Postgres"] = postgres,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // No background deletes while a test moves the clock: housekeeping tests run their passes themselves.
            ["CognitoLite:Housekeeping:Enabled"] = "false",
        };
        // Cheap bcrypt for speed, unless the test sets a cost or runs production mode (which refuses costs below 10).
        string? mode = null;
        if (settings?.TryGetValue("CognitoLite:Mode", out mode) != true || !string.Equals(mode, "production", StringComparison.OrdinalIgnoreCase))
            _settings["CognitoLite:PasswordHashCost"] = "4";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    /// <param name="kestrel">Serves on Kestrel at a free loopback port instead of the in-memory test server, for clients
    /// outside the process (a browser, raw sockets); <see cref="Address"/> says where.</param>
    public static async Task<CognitoHost> StartAsync(Store store, string hint, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        var postgres = store == Store.Postgres ? await PostgresServer.CreateDatabaseAsync(hint) : null;
        if (kestrel) settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["urls"] = "http://127.0.0.1:0" };
        var host = new CognitoHost(postgres, settings, services);
        // Builds the host now: migrations run here, not inside the first test.
        if (kestrel)
        {
            host.UseKestrel();
            host.StartServer();
        }
        else
        {
            _ = host.Server;
        }
        return host;
    }

    /// <summary>The base URL of a host started on Kestrel (http://127.0.0.1:port/).</summary>
    public Uri Address => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
        ? new Uri(address + "/")
        : throw new InvalidOperationException("Only a host started with kestrel: true has an address outside the process.");

    public AwsClient Aws() => new(CreateClient());

    /// <summary>The PostgreSQL database this host uses, or null on SQLite (for tests that look at what is stored).</summary>
    public string? PostgresConnectionString => _settings["ConnectionStrings:Postgres"];

    /// <summary>The data folder: the SQLite database and the development master key live here.</summary>
    public string DataDir => _settings["CognitoLite:DataDir"]!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads its options before Build().
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }
}

/// <summary>
/// A class fixture: one host for a whole test class, on its own database of <see cref="Store"/>. A contract class takes
/// a fixture and one sealed subclass per store runs it; a variant (settings, services, helpers) derives from this and
/// picks its store with a type argument, as <see cref="ManualClockHost{TStore}"/> does.
/// </summary>
public abstract class HostFixture : IAsyncLifetime
{
    public CognitoHost Host { get; private set; } = null!;

    public abstract Store Store { get; }

    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>True to serve on a real loopback port (see <see cref="CognitoHost.Address"/>).</summary>
    protected virtual bool Kestrel => false;

    /// <summary>Override to replace server services for this fixture's host (runs after the server's own registrations).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync() => Host = await CognitoHost.StartAsync(Store, GetType().Name, Settings, ConfigureServices, Kestrel);

    public virtual Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresHost : HostFixture
{
    public override Store Store => Store.Postgres;
}

public sealed class SqliteHost : HostFixture
{
    public override Store Store => Store.Sqlite;
}

/// <summary>The host on Kestrel at a free loopback port, for what the in-memory test server cannot carry: a browser, raw sockets.</summary>
public sealed class KestrelHost<TStore> : HostFixture where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;

    protected override bool Kestrel => true;
}

/// <summary>A store as a type argument, for fixture variants: xunit builds a class fixture from its type alone.</summary>
public interface IStoreChoice
{
    static abstract Store Store { get; }
}

public sealed class OnPostgres : IStoreChoice
{
    public static Store Store => Store.Postgres;
}

public sealed class OnSqlite : IStoreChoice
{
    public static Store Store => Store.Sqlite;
}
