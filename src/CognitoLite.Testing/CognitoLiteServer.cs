using CognitoLite.Core;
using CognitoLite.Core.Seed;
using CognitoLite.Core.Storage;
using CognitoLite.Server;
using CognitoLite.Server.Dev;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Testing;

/// <summary>
/// The real CognitoLite server in this process, on a free loopback port, in development mode, with its own temporary
/// SQLite store (or the PostgreSQL database given) and a cheap password hash. Each server is independent: a test
/// process may run many at once. Dispose it to stop it and delete its files.
/// </summary>
public sealed class CognitoLiteServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dataDir;
    private readonly string? _sqlite;

    private CognitoLiteServer(WebApplication app, DirectoryInfo dataDir, string? sqlite, CognitoLiteClock clock)
    {
        _app = app;
        _dataDir = dataDir;
        _sqlite = sqlite;
        Clock = clock;
        Endpoint = new Uri(app.Urls.First());
        Region = app.Services.GetRequiredService<CognitoOptions>().Region;
    }

    /// <summary>Where the server listens (http://127.0.0.1:port/): the endpoint URL for AWS clients, and the base of tokens' issuers.</summary>
    public Uri Endpoint { get; }

    /// <summary>The region in pool ids and ARNs, which clients should be configured with.</summary>
    public string Region { get; }

    /// <summary>The server's clock, which tests move ahead to expire codes and tokens.</summary>
    public CognitoLiteClock Clock { get; }

    /// <summary>Moves the server's time ahead (see <see cref="CognitoLiteClock.Advance"/>).</summary>
    public void AdvanceTime(TimeSpan by) => Clock.Advance(by);

    /// <summary>Starts a server; it is listening when the task completes.</summary>
    public static async Task<CognitoLiteServer> StartAsync(CognitoLiteServerOptions? options = null, CancellationToken ct = default)
    {
        options ??= new CognitoLiteServerOptions();
        if (options.SeedFile is not null && options.SeedJson is not null)
            throw new ArgumentException("Give SeedFile or SeedJson, not both.", nameof(options));
        var dataDir = Directory.CreateTempSubdirectory("cognitolite-");
        WebApplication? app = null;
        string? sqlite = null;
        try
        {
            var seedFile = options.SeedFile;
            if (options.SeedJson is not null)
            {
                seedFile = Path.Combine(dataDir.FullName, "seed.json");
                await File.WriteAllTextAsync(seedFile, options.SeedJson, ct);
            }
            var settings = new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["CognitoLite:Mode"] = "development",
                ["CognitoLite:DataDir"] = dataDir.FullName,
                ["CognitoLite:Region"] = options.Region,
                ["CognitoLite:SeedFile"] = seedFile,
                // The cost the server allows for test fixtures: a sign-in takes well under a millisecond to hash.
                ["CognitoLite:PasswordHashCost"] = "4",
                ["ConnectionStrings:Postgres"] = options.PostgresConnectionString,
                ["Serilog:MinimumLevel:Default"] = "Warning",
                // No /metrics: a test rarely reads it, and OpenTelemetry's set-up would lengthen every start.
                ["CognitoLite:Metrics:Enabled"] = "false",
                // No deletes of expired rows: a pass after AdvanceTime would turn "expired" answers into "unknown" ones.
                ["CognitoLite:Housekeeping:Enabled"] = "false",
            };
            foreach (var (key, value) in options.Configuration) settings[key] = value;
            var clock = new CognitoLiteClock();
            app = CognitoLiteApp.Build([], builder =>
            {
                // These settings only: the test project's appsettings.json and environment (ASPNETCORE_URLS,
                // ConnectionStrings__Postgres) are the application's under test, not this server's.
                builder.Configuration.Sources.Clear();
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Services.AddSingleton<TimeProvider>(clock);
            });
            sqlite = SqliteConnectionString(app);
            await CognitoLiteApp.StartAsync(app, ct);
            return new CognitoLiteServer(app, dataDir, sqlite, clock);
        }
        catch
        {
            await Stop(app, dataDir, sqlite);
            throw;
        }
    }

    /// <summary>The latest code sent to the user (confirmation, reset, MFA or sign-in code, or an invitation's temporary
    /// password); <paramref name="username"/> may also be the address it went to.</summary>
    /// <exception cref="InvalidOperationException">No code was sent to that user.</exception>
    public async Task<string> GetLastCodeAsync(string userPoolId, string username, CancellationToken ct = default)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
        return await DevEndpoints.Outbox(db, userPoolId, username).Where(m => m.Code != null).Select(m => m.Code).LastOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"No code was sent to {username} in {userPoolId}.");
    }

    /// <summary>Every email and SMS sent since the start or the last reset, oldest first.</summary>
    public IReadOnlyList<SentMessage> Messages
    {
        get
        {
            using var scope = _app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CognitoDbContext>();
            return DevEndpoints.Outbox(db, userPoolId: null, username: null).AsEnumerable()
                .Select(m => new SentMessage(m.UserPoolId, m.Username, m.Destination, m.Medium, m.Kind, m.Code, m.Subject, m.Body, DevEndpoints.SentAt(m)))
                .ToList();
        }
    }

    /// <summary>
    /// Back to the start, as `POST /_dev/reset` does: every pool, identity pool and message wiped and the seed applied
    /// again, and the clock back to the real time. With <paramref name="userPoolId"/>, that user pool only (the clock stays).
    /// </summary>
    public async Task ResetAsync(string? userPoolId = null, CancellationToken ct = default)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await DevEndpoints.Reset(userPoolId, services.GetRequiredService<SeedService>(), services.GetRequiredService<CognitoOptions>(),
            services.GetRequiredService<CognitoDbContext>(), ct);
        if (userPoolId is null) Clock.Reset();
    }

    public ValueTask DisposeAsync() => new(Stop(_app, _dataDir, _sqlite));

    private static string? SqliteConnectionString(WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<CognitoDbContext>().Database;
        return database.IsSqlite() ? database.GetConnectionString() : null;
    }

    private static async Task Stop(WebApplication? app, DirectoryInfo dataDir, string? sqlite)
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        // The closed connections wait in SQLite's pool with the file open: they go, then the file can.
        if (sqlite is not null)
        {
            using var connection = new SqliteConnection(sqlite);
            SqliteConnection.ClearPool(connection);
        }
        dataDir.Delete(recursive: true);
    }
}
