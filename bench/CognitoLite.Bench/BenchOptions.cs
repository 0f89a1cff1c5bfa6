using System.Globalization;

namespace CognitoLite.Bench;

/// <summary>Command line: <c>--name value</c> pairs; lists are comma-separated. See bench/README.md.</summary>
internal sealed class BenchOptions
{
    public string Mode { get; private init; } = "compare";
    /// <summary>cognitolite-COST (any bcrypt cost), optionally with settings of its own (cognitolite-COST[NAME=VALUE;…]), or cognito-local.</summary>
    public string[] Targets { get; private init; } = ["cognitolite-4", "cognitolite-10", "cognito-local"];
    public string[] Scenarios { get; private init; } = Bench.Scenarios.All;
    public int[] Concurrency { get; private init; } = [1, 16];
    public Limit Limit { get; private init; } = new(TimeSpan.FromSeconds(5), null);
    public Limit Warmup { get; private init; } = new(TimeSpan.FromSeconds(1.5), null);
    /// <summary>
    /// Per server, before any measurement: each scenario runs this long on throwaway pools. Long enough for the .NET
    /// JIT's tiering to settle on 2 busy cores: after 8 s of sign-ins it still compiled about 300 methods a second.
    /// </summary>
    public TimeSpan ServerWarmup { get; private init; } = TimeSpan.FromSeconds(15);
    /// <summary>Times every cell is measured; the report keeps each cell's least disturbed round.</summary>
    public int Rounds { get; private init; } = 1;
    public string Store { get; private init; } = "sqlite";
    public string? Postgres { get; private init; }
    public int[] ScaleUsers { get; private init; } = [1_000, 100_000, 1_000_000];
    public string[] ScaleStores { get; private init; } = ["sqlite", "postgres"];
    public string[] ScaleScenarios { get; private init; } = Bench.Scenarios.Scale;
    public int ScaleCost { get; private init; } = 4;
    /// <summary>CSV sizes of the import run, each imported into a fresh server of each store.</summary>
    public int[] ImportUsers { get; private init; } = [10_000, 100_000];
    public string[] ImportStores { get; private init; } = ["sqlite", "postgres"];
    /// <summary>Extra environment for every CognitoLite started (NAME=VALUE pairs separated by ';'), for experiments.</summary>
    public Dictionary<string, string> ServerEnv { get; private init; } = [];
    public string ServerDir { get; private init; } = "bench/.out/server";
    public string CognitoLocalDir { get; private init; } = "bench/.out/cognito-local";
    public string ResultsDir { get; private init; } = "bench/results";
    public string LogDir => Path.Combine(ResultsDir, "logs");

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            values[args[i][2..]] = args[++i];
        }
        string? Take(string name) => values.Remove(name, out var value) ? value : null;
        static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        static int Int(string text) => int.Parse(text.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        static TimeSpan Seconds(string text) => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));

        var defaults = new BenchOptions();
        var ops = Take("ops") is { } o ? long.Parse(o, CultureInfo.InvariantCulture) : (long?)null;
        var warmupOps = Take("warmup-ops") is { } w ? long.Parse(w, CultureInfo.InvariantCulture) : (long?)null;
        var options = new BenchOptions
        {
            Mode = Take("mode") ?? defaults.Mode,
            Targets = Take("targets") is { } t ? List(t) : defaults.Targets,
            Scenarios = Take("scenarios") is { } s ? List(s) : defaults.Scenarios,
            Concurrency = Take("concurrency") is { } c ? List(c).Select(Int).ToArray() : defaults.Concurrency,
            Limit = new(Take("duration") is { } d ? Seconds(d) : defaults.Limit.Duration, ops),
            Warmup = new(Take("warmup") is { } wu ? Seconds(wu) : defaults.Warmup.Duration, warmupOps),
            ServerWarmup = Take("server-warmup") is { } sw ? Seconds(sw) : defaults.ServerWarmup,
            Rounds = Take("rounds") is { } r ? Int(r) : defaults.Rounds,
            Store = Take("store") ?? defaults.Store,
            Postgres = Take("postgres"),
            ScaleUsers = Take("scale-users") is { } u ? List(u).Select(Int).ToArray() : defaults.ScaleUsers,
            ScaleStores = Take("scale-stores") is { } st ? List(st) : defaults.ScaleStores,
            ScaleScenarios = Take("scale-scenarios") is { } ss ? List(ss) : defaults.ScaleScenarios,
            ScaleCost = Take("scale-cost") is { } sc ? Int(sc) : defaults.ScaleCost,
            ImportUsers = Take("import-users") is { } iu ? List(iu).Select(Int).ToArray() : defaults.ImportUsers,
            ImportStores = Take("import-stores") is { } ist ? List(ist) : defaults.ImportStores,
            ServerEnv = Take("server-env") is { } e ? Pairs(e) : defaults.ServerEnv,
            ServerDir = Take("server-dir") ?? defaults.ServerDir,
            CognitoLocalDir = Take("cognito-local-dir") ?? defaults.CognitoLocalDir,
            ResultsDir = Take("results") ?? defaults.ResultsDir,
        };
        if (values.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
        if (options.Mode is not ("compare" or "scale" or "import" or "all")) throw new ArgumentException("--mode is compare, scale, import or all");
        if (options.Rounds < 1) throw new ArgumentException("--rounds is at least 1");
        if (options.Store is not ("sqlite" or "postgres")) throw new ArgumentException("--store is sqlite or postgres");
        if (options.ImportStores.Any(s => s is not ("sqlite" or "postgres"))) throw new ArgumentException("--import-stores lists sqlite and postgres");
        if (options.ScaleStores.Length == 0 || options.ScaleStores.Any(s => s is not ("sqlite" or "postgres"))) throw new ArgumentException("--scale-stores lists sqlite and postgres");
        foreach (var scenario in options.Scenarios)
            if (!Bench.Scenarios.All.Contains(scenario)) throw new ArgumentException($"unknown scenario {scenario}");
        foreach (var scenario in options.ScaleScenarios)
            if (!Bench.Scenarios.Scale.Contains(scenario)) throw new ArgumentException($"unknown scale scenario {scenario}");
        foreach (var target in options.Targets) ParseTarget(target);
        return options;
    }

    private static Dictionary<string, string> Pairs(string text) => text.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2)).ToDictionary(kv => kv[0].Trim(), kv => kv.Length == 2 ? kv[1] : throw new ArgumentException($"server settings: '{kv[0]}' is not NAME=VALUE"));

    /// <summary>
    /// A target's bcrypt cost (null for cognito-local) and its own server settings: <c>cognitolite-4[DOTNET_gcServer=0]</c>
    /// runs next to <c>cognitolite-4</c>, so that two settings are measured side by side in one run.
    /// </summary>
    public static (int? Cost, Dictionary<string, string> Env) ParseTarget(string target)
    {
        if (target == "cognito-local") return (null, []);
        var match = System.Text.RegularExpressions.Regex.Match(target, @"^cognitolite-(\d+)(?:\[(.*)\])?$");
        if (!match.Success) throw new ArgumentException($"unknown target {target} (cognitolite-COST, cognitolite-COST[NAME=VALUE;…] or cognito-local)");
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Success ? Pairs(match.Groups[2].Value) : []);
    }
}
