using CognitoLite.Core;
using CognitoLite.Server;
using CognitoLite.Server.AwsJson;
using CognitoLite.Server.Dev;
using CognitoLite.Server.OAuth;
using CognitoLite.Server.Decisions;
using CognitoLite.Server.StsQuery;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Serilog;

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--data-dir"] = "CognitoLite:DataDir",
    ["--postgres"] = "ConnectionStrings:Postgres",
    ["--mode"] = "CognitoLite:Mode",
    ["--region"] = "CognitoLite:Region",
    ["--seed"] = "CognitoLite:SeedFile",
});
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:9229");
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);

builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services) // sinks registered as services (the tests' log capture)
    .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
    .MinimumLevel.Override("Microsoft.Hosting.Lifetime", Serilog.Events.LogEventLevel.Warning)
    // A refused write (a unique index deciding a race) is an expected answer, not an error: neither the failed command
    // nor the failed SaveChanges is logged with its stack. Anything unexpected still reaches the log through the
    // endpoint's InternalErrorException line, with its exception and correlation id.
    .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", Serilog.Events.LogEventLevel.Fatal)
    .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Update", Serilog.Events.LogEventLevel.Fatal)
    .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));

var options = builder.Configuration.GetSection(CognitoOptions.Section).Get<CognitoOptions>() ?? new CognitoOptions();
try
{
    options.Validate();
}
catch (InvalidOperationException invalid)
{
    await Console.Error.WriteLineAsync($"CognitoLite cannot start: {invalid.Message}");
    return 1;
}
builder.Services.AddCognitoCore(options);
var store = builder.Services.AddCognitoStorage(builder.Configuration, options);
builder.Services.AddCors(cors => cors.AddDefaultPolicy(AwsCors.Policy));

var app = builder.Build();
try
{
    await app.MigrateAndSeedAsync(options);
}
catch (InvalidOperationException invalid) when (invalid.Message.StartsWith("Seed file", StringComparison.Ordinal))
{
    await Console.Error.WriteLineAsync($"CognitoLite cannot start: {invalid.Message}");
    return 1;
}

app.Use(AwsCors.RequestId);
app.Use(RequestOrigin.Capture);
app.UseSerilogRequestLogging(o =>
{
    o.MessageTemplate = "{Operation} {StatusCode} {ErrorType}in {Elapsed:0.0} ms";
    o.EnrichDiagnosticContext = (diagnostics, http) =>
    {
        diagnostics.Set("Operation", http.Items.TryGetValue("Operation", out var name) ? name : $"{http.Request.Method} {http.Request.Path}");
        diagnostics.Set("ErrorType", http.Items.TryGetValue("ErrorType", out var error) ? error + " " : "");
    };
});
app.UseCors();
app.Use(AwsJsonEndpoint.CatchErrors);
// One port for every service, as AWS's SDKs can be pointed at it: STS's form posts, else AWS JSON by X-Amz-Target.
app.MapPost("/", (HttpContext context, CognitoOptions options, TimeProvider clock, ILogger<Operation> logger) =>
    StsQueryEndpoint.Accepts(context.Request) ? StsQueryEndpoint.Handle(context) : AwsJsonEndpoint.Handle(context, options, clock, logger));
app.MapGet("/", StsQueryEndpoint.Handle);
app.MapPolicyDecisions();
app.MapHealth();
app.MapWellKnown();
if (!options.Production) app.MapDev();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    var mode = options.Production
        ? "production (admin calls must be SigV4-signed)"
        : "development (admin calls are accepted with any or no signature)";
    Log.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
    app.Logger.LogWarning("CognitoLite listening on {Urls}; store: {Store}; mode: {Mode}", string.Join(", ", urls), store, mode);
});

await app.RunAsync();
return 0;

public partial class Program;
