using System.Diagnostics;
using System.Globalization;
using CognitoLite.Bench;

// The client's socket completions run on its epoll thread instead of being handed to its thread pool, whose
// workers otherwise spin between answers: that took 58-76% of one of the two cores from the servers being
// measured, 10-26% with this. It is set before the first socket exists (the runtime reads it then); the servers
// the bench starts do not inherit it (ServerUnderTest.Start).
Environment.SetEnvironmentVariable(ServerUnderTest.InlineSocketCompletions, "1");

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync($"bench: {error.Message}\nSee bench/README.md for the options.");
    return 2;
}

Directory.CreateDirectory(options.ResultsDir);
var report = new Report(args, CpuWindow.LoadAverage(), Calibration.Bcrypt());
Progress($"bcrypt verify at cost 10 here: {report.Bcrypt.VerifyMsCost10} ms single-threaded, {report.Bcrypt.VerifiesPerSecondAllCores}/s on all {Environment.ProcessorCount} cores");

var needsPostgres = options.Mode is "scale" or "all" && options.ScaleStores.Contains("postgres") ||
    options.Store == "postgres" && options.Targets.Any(t => t.StartsWith("cognitolite-", StringComparison.Ordinal)) ||
    options.Mode == "import" && options.ImportStores.Contains("postgres");
await using var postgres = needsPostgres ? await PostgresHost.Start(options.Postgres) : null;

if (options.Mode is "compare" or "all") await Compare();
if (options.Mode is "scale" or "all") await Scale(postgres);
if (options.Mode is "import" or "all") await Import();

report.Finish(CpuWindow.LoadAverage());
var path = Path.Combine(options.ResultsDir, $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
await File.WriteAllTextAsync(path, report.ToJson());
Console.WriteLine(report.ToTable());
Console.WriteLine($"JSON: {path}");
return 0;

// Every target runs at once (idle ones cost nothing) and the cells are interleaved — for each scenario and
// concurrency, each target in turn, round after round — so that a change in the machine's load weighs on the
// servers being compared alike.
async Task Compare()
{
    var servers = new List<(ServerUnderTest Server, int? Cost)>();
    try
    {
        foreach (var target in options.Targets)
        {
            var (cost, env) = BenchOptions.ParseTarget(target);
            var server = await StartServer(cost, options.Store == "postgres" ? postgres : null, env);
            servers.Add((server, cost));
            Progress($"{server.Label} up on {server.Url} (log {server.Log})");
        }
        foreach (var (server, cost) in servers) await WarmUp(server, cost);
        foreach (var scenario in options.Scenarios)
        {
            var prepared = new List<(ServerUnderTest Server, int? Cost, LoadRunner.Operation Operation)>();
            foreach (var (server, cost) in servers)
            {
                if (Scenarios.Unsupported(scenario, isCognitoLite: cost is not null) is { } reason)
                {
                    report.Skipped.Add($"{server.Label} {scenario}: not measured, {reason}");
                    Progress(report.Skipped[^1]);
                    continue;
                }
                try
                {
                    prepared.Add((server, cost, await Scenarios.Prepare(scenario, server.Client, options.Concurrency.Max(), hasSrp: cost is not null)));
                }
                catch (CognitoError error)
                {
                    report.Failures.Add($"{server.Label} {scenario}: setup failed: {error.Message}");
                    Progress(report.Failures[^1]);
                }
            }
            for (var round = 1; round <= options.Rounds; round++)
                foreach (var workers in options.Concurrency)
                    foreach (var (server, cost, operation) in prepared)
                    {
                        var database = options.Store == "postgres" && cost is not null ? postgres : null;
                        var (measurement, cpu) = await Measure(server, database, workers, operation);
                        report.Cells.Add(new Cell(server.Label, cost, scenario, workers, round, measurement, cpu));
                        Progress($"{server.Label,-27} {scenario,-18} c={workers,-3} r{round} {Summary(measurement, cpu)}");
                    }
        }
    }
    finally
    {
        foreach (var (server, _) in servers) await server.DisposeAsync();
    }
}

// One CognitoLite per store and pool size, each on a database of its own, measured in turn round after round:
// sign-in, GetUser and ListUsers pages, scenario by scenario.
async Task Scale(PostgresHost? host)
{
    var hash = BCrypt.Net.BCrypt.HashPassword(CognitoCalls.Password, options.ScaleCost);
    var pools = new List<ScalePool>();
    var servers = new List<ServerUnderTest>();
    try
    {
        // Sizes ascending, the stores alternating, so that the machine's load weighs on both stores alike.
        foreach (var users in options.ScaleUsers.Order())
            foreach (var store in options.ScaleStores)
            {
                (string? connection, Func<Task>? drop) = store == "postgres" ? await host!.CreateDatabase() : (null, null);
                var server = await ServerUnderTest.StartCognitoLite(options, options.ScaleCost, connection, drop);
                servers.Add(server);
                var (poolId, clientId) = await server.Client.CreatePoolAndClient("bench-scale");
                var seeding = Stopwatch.StartNew();
                if (connection is not null) await Seeder.InsertIntoPostgres(connection, poolId, users, hash);
                else await Seeder.InsertIntoSqlite(server.SqliteFile!, poolId, users, hash);
                pools.Add(new ScalePool(store, users, server, poolId, clientId, Math.Round(seeding.Elapsed.TotalSeconds, 1)));
                Progress($"{server.Label} on {server.Url}: pool of {users} users ({(connection is null ? "INSERT" : "COPY + ANALYZE")} " +
                    $"{seeding.Elapsed.TotalSeconds:0.0} s, load {CpuWindow.LoadAverage():0.0}; log {server.Log})");
            }
        var workersAtMost = options.Concurrency.Max();
        foreach (var scenario in options.ScaleScenarios)
        {
            var operations = new List<Func<int, LoadRunner.Operation>>();
            foreach (var pool in pools)
            {
                var operation = await Scenarios.PrepareScale(scenario, pool.Server.Client, pool.PoolId, pool.ClientId, pool.Users, workersAtMost);
                await LoadRunner.Run(workersAtMost, new Limit(options.ServerWarmup, null), operation(workersAtMost));
                operations.Add(operation);
            }
            for (var round = 1; round <= options.Rounds; round++)
                foreach (var workers in options.Concurrency)
                    for (var p = 0; p < pools.Count; p++)
                    {
                        var pool = pools[p];
                        var (measurement, cpu) = await Measure(pool.Server, pool.Store == "postgres" ? host : null, workers, operations[p](workers));
                        report.Scale.Add(new ScaleStep(pool.Store, scenario, pool.Users, options.ScaleCost, workers, round, pool.SeedSeconds, measurement, cpu));
                        Progress($"scale {pool.Store,-8} {scenario,-16} {pool.Users,7} users  c={workers,-3} r{round} {Summary(measurement, cpu)}");
                    }
        }
    }
    finally
    {
        foreach (var server in servers) await server.DisposeAsync();
    }
}

// One fresh CognitoLite per store and CSV size, so that each peak resident memory is that import's.
async Task Import()
{
    foreach (var store in options.ImportStores)
        foreach (var users in options.ImportUsers.Order())
        {
            var server = await StartServer(options.ScaleCost, store == "postgres" ? postgres : null);
            try
            {
                var step = await ImportRun.Run(server, store, users);
                report.Imports.Add(step);
                Progress(string.Create(CultureInfo.InvariantCulture,
                    $"import {store,-8} {users,7} users: {step.Status} {step.UsersPerSecond:0} users/s ({step.ImportSeconds:0.0} s), peak RSS {step.PeakRssMb:0} MB (before {step.RssBeforeMb:0} MB), upload {step.UploadSeconds:0.0} s"));
            }
            catch (CognitoError error)
            {
                report.Failures.Add($"import {store} {users}: {error.Message}");
                Progress(report.Failures[^1]);
            }
            finally
            {
                await server.DisposeAsync();
            }
        }
}

// A fresh process runs unoptimised code at first (.NET tiers up in the background, V8 likewise): every scenario
// runs once, on pools of its own, before anything is measured.
async Task WarmUp(ServerUnderTest server, int? cost)
{
    foreach (var scenario in options.Scenarios.Where(s => Scenarios.Unsupported(s, isCognitoLite: cost is not null) is null))
    {
        try
        {
            var operation = await Scenarios.Prepare(scenario, server.Client, options.Concurrency.Max(), hasSrp: cost is not null);
            await LoadRunner.Run(options.Concurrency.Max(), new Limit(options.ServerWarmup, null), operation);
        }
        catch (CognitoError)
        {
            // The measured run reports it.
        }
    }
    Progress($"{server.Label} warmed up");
}

async Task<ServerUnderTest> StartServer(int? cost, PostgresHost? host, Dictionary<string, string>? env = null)
{
    if (cost is null) return await ServerUnderTest.StartCognitoLocal(options);
    if (host is null) return await ServerUnderTest.StartCognitoLite(options, cost.Value, null, targetEnv: env);
    var (connection, drop) = await host.CreateDatabase();
    return await ServerUnderTest.StartCognitoLite(options, cost.Value, connection, drop, env);
}

async Task<(Measurement, CpuShare)> Measure(ServerUnderTest server, PostgresHost? host, int workers, LoadRunner.Operation operation)
{
    await LoadRunner.Run(workers, options.Warmup, operation);
    var window = new CpuWindow(server.CpuTime, () => host?.CpuTime() ?? TimeSpan.Zero);
    var measurement = await LoadRunner.Run(workers, options.Limit, operation);
    return (measurement, window.Stop());
}

static string Summary(Measurement m, CpuShare cpu) =>
    string.Create(CultureInfo.InvariantCulture, $"{m.OpsPerSecond,8:0.0} ops/s  p50 {m.P50Ms,7:0.00} ms  p99 {m.P99Ms,7:0.00} ms  srv {Report.CpuMsPerOp(m, cpu.Server):0.00} ms CPU/op  errors {m.Errors}  load {CpuWindow.LoadAverage():0.0}");

static void Progress(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

/// <summary>A seeded pool of the scale run, on a CognitoLite of its own.</summary>
internal sealed record ScalePool(string Store, int Users, ServerUnderTest Server, string PoolId, string ClientId, double SeedSeconds);
