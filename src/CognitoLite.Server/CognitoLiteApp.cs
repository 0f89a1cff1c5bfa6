using CognitoLite.Core;
using CognitoLite.Server.AwsJson;
using CognitoLite.Server.Decisions;
using CognitoLite.Server.Dev;
using CognitoLite.Server.Http;
using CognitoLite.Server.Import;
using CognitoLite.Server.OAuth;
using CognitoLite.Server.Pages;
using CognitoLite.Server.Security;
using CognitoLite.Server.StsQuery;
using CognitoLite.Server.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Serilog;

namespace CognitoLite.Server;

/// <summary>
/// The server as one application, whoever hosts it: `dotnet run` and the `cognitolite` tool (<see cref="RunAsync"/>),
/// and the in-process test server of CognitoLite.Testing (<see cref="Build"/>, then <see cref="StartAsync"/>).
/// </summary>
public static class CognitoLiteApp
{
    /// <summary>The whole command: build, start, serve until stopped. A start-up failure is one line on standard error and exit code 1.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        // Read as soon as the configuration is: a failure after that is reported in the log's format.
        var logFormat = LogFormat.Text;
        try
        {
            app = Build(args, builder => logFormat = ServerLogs.Format(builder.Configuration));
            await StartAsync(app);
        }
        catch (Exception failure)
        {
            return StartupFailure.Report(failure, logFormat);
        }
        await app.WaitForShutdownAsync();
        // Disposing the services flushes what OpenTelemetry's exporters still hold.
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>
    /// Configuration, services and the request pipeline. <paramref name="configure"/> runs once the configuration sources
    /// are in place and before anything is read from them: it may add or replace sources, and register services the
    /// server's own do not override (a TimeProvider).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var building = StartupPhase.Begin();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--data-dir"] = "CognitoLite:DataDir",
            ["--postgres"] = "ConnectionStrings:Postgres",
            ["--mode"] = "CognitoLite:Mode",
            ["--region"] = "CognitoLite:Region",
            ["--seed"] = "CognitoLite:SeedFile",
            ["--log-format"] = ServerLogs.Setting,
        });
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:9229");
        builder.WebHost.ConfigureKestrel(RequestLimits.Kestrel);
        // The slim builder leaves HTTPS out: this brings back https:// URLs with Kestrel:Certificates:Default or the .NET dev certificate.
        builder.WebHost.UseKestrelHttpsConfiguration();

        var logFormat = ServerLogs.Format(builder.Configuration);
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration, ServerLogs.ConfigurationReader)
            .ReadFrom.Services(services) // sinks registered as services (the tests' log capture)
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", Serilog.Events.LogEventLevel.Warning)
            // A refused write (a unique index deciding a race) is an expected answer, not an error: neither the failed command
            // nor the failed SaveChanges is logged with its stack. Anything unexpected still reaches the log through the
            // endpoint's InternalErrorException line, with its exception and correlation id.
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", Serilog.Events.LogEventLevel.Fatal)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Update", Serilog.Events.LogEventLevel.Fatal)
            .Filter.ByExcluding(StartupFailure.IsHostStartFault)
            .WriteTo.Console(logFormat),
            // Each host logs through its own logger and leaves Serilog's static one alone: several servers in one process
            // (test suites) would otherwise write through whichever started last, and the first to stop would close it.
            preserveStaticLogger: true);

        var options = builder.Configuration.GetSection(CognitoOptions.Section).Get<CognitoOptions>() ?? new CognitoOptions();
        // A webhook may be keyed by a function's ARN, whose ':' the configuration takes for nesting: the key is the whole path
        // below Functions to a value (some configuration sources give the sections on the way an empty one).
        options.Lambda.Functions = builder.Configuration.GetSection("CognitoLite:Lambda:Functions").AsEnumerable(makePathsRelative: true)
            .Where(setting => !string.IsNullOrEmpty(setting.Value)).ToDictionary(setting => setting.Key, setting => setting.Value!, StringComparer.OrdinalIgnoreCase);
        options.Validate();
        builder.Services.AddCognitoCore(options);
        var store = builder.Services.AddCognitoStorage(builder.Configuration, options);
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(AwsCors.Policy(options)));
        if (options.Import.RunJobs) builder.Services.AddHostedService<ImportJobHost>();
        if (options.Housekeeping.Enabled) builder.Services.AddHostedService<HousekeepingHost>();
        builder.AddObservability(options);

        var app = builder.Build();

        app.UseMetricsEndpoint();
        app.Use(RequestIds.Assign);
        app.Use(RequestOrigin.Capture);
        app.UseSerilogRequestLogging(o =>
        {
            // This host's logger: the middleware would otherwise write through Serilog's static one.
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.MessageTemplate = "{Operation} {StatusCode} {ErrorType}in {Elapsed:0.0} ms";
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("Operation", http.Items.TryGetValue("Operation", out var name) ? name : $"{http.Request.Method} {http.Request.Path}");
                diagnostics.Set("ErrorType", http.Items.TryGetValue("ErrorType", out var error) ? error + " " : "");
            };
        });
        app.UseCors();
        app.Use(Operations.Observe);
        app.Use(AwsErrors.Answer);
        app.Use(RequestLimits.Enforce);
        // One port for every service, as AWS's SDKs can be pointed at it: STS's form posts, else AWS JSON by X-Amz-Target.
        app.MapPost("/", (HttpContext context, CognitoOptions options, TimeProvider clock) =>
            StsQueryEndpoint.Accepts(context.Request) ? StsQueryEndpoint.Handle(context) : AwsJsonEndpoint.Handle(context, options, clock))
            .WithMetadata(TracedOperation.Marker);
        app.MapGet("/", (HttpContext context, CognitoOptions options) =>
            context.Request.Query.ContainsKey("Action") ? StsQueryEndpoint.Handle(context) : HomePage.Show(options).ExecuteAsync(context));
        app.MapPolicyDecisions();
        app.MapHealth();
        app.MapWellKnown();
        app.MapOAuth();
        app.MapManagedLogin();
        app.MapAuthEventFeedback();
        app.MapUserImportUploads();
        if (!options.Production) app.MapDev();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
            var mode = options.Production
                ? "production (admin calls must be SigV4-signed)"
                : "development (admin calls are accepted with any or no signature)";
            if (options.Production && string.IsNullOrEmpty(options.Smtp.Host))
                app.Logger.LogWarning("Production mode without CognitoLite:Smtp:Host: emails (codes, invitations) are not delivered, and their codes are kept out of the log and the outbox.");
            if (app.Logger.IsEnabled(LogLevel.Information))
                app.Logger.LogInformation("CognitoLite listening on {Urls}; store: {Store}; mode: {Mode}", urls, store, mode);
        });
        building.End(app.Logger, "configuration, services and pipeline");
        return app;
    }

    /// <summary>Brings the store up to date, applies the seed file, then starts listening.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken ct = default)
    {
        var store = StartupPhase.Begin();
        await app.MigrateAndSeedAsync(app.Services.GetRequiredService<CognitoOptions>());
        store.End(app.Logger, "store up to date");
        var listening = StartupPhase.Begin();
        await app.StartAsync(ct);
        listening.End(app.Logger, "listening");
    }
}
