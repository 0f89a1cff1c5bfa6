using CognitoLite.Core;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CognitoLite.Server.Telemetry;

/// <summary>CognitoLite:Metrics: whether GET /metrics is served (default: in development mode only) and on which URL of its own.</summary>
internal sealed class MetricsSettings
{
    public bool? Enabled { get; set; }

    /// <summary>An address that serves /metrics and nothing else (e.g. http://0.0.0.0:9464), so that the API's port does not.</summary>
    public string? Url { get; set; }
}

/// <summary>Where /metrics is answered: on every address, or only on the port of CognitoLite:Metrics:Url.</summary>
internal sealed record MetricsEndpoint(int? Port);

/// <summary>
/// Metrics and traces through OpenTelemetry (README "Observability"): Core's meter and activity source and ASP.NET Core's
/// own. GET /metrics in Prometheus text when metrics are on; OTLP export of metrics and traces when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the other OTEL_* variables itself).
/// </summary>
internal static class Observability
{
    public const string Path = "/metrics";

    public static void AddObservability(this WebApplicationBuilder builder, CognitoOptions options)
    {
        var settings = builder.Configuration.GetSection("CognitoLite:Metrics").Get<MetricsSettings>() ?? new MetricsSettings();
        var scraped = settings.Enabled ?? !options.Production;
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!scraped && !otlp) return;

        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrEmpty(builder.Configuration["OTEL_SERVICE_NAME"]))
            telemetry.ConfigureResource(resource => resource.AddService("cognitolite"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(Core.Telemetry.Name).AddAspNetCoreInstrumentation();
            // Uncached: a scrape shows everything counted before it.
            if (scraped) metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            if (otlp) metrics.AddOtlpExporter();
        });
        // ASP.NET Core's request span continues the caller's traceparent; each operation's activity is its child.
        if (otlp) telemetry.WithTracing(tracing => tracing.AddSource(Core.Telemetry.Name).AddAspNetCoreInstrumentation().AddOtlpExporter());

        if (!scraped) return;
        var port = settings.Url is null ? (int?)null : MetricsPort(settings.Url);
        if (port is not null) builder.WebHost.UseUrls([.. builder.Configuration["urls"]!.Split(';', StringSplitOptions.RemoveEmptyEntries), settings.Url!]);
        builder.Services.AddSingleton(new MetricsEndpoint(port));
    }

    /// <summary>
    /// GET /metrics, first in the pipeline (a scrape is neither logged nor counted as an operation). With a metrics URL of
    /// its own, that port answers /metrics and nothing else, and the others do not answer /metrics.
    /// </summary>
    public static void UseMetricsEndpoint(this WebApplication app)
    {
        if (app.Services.GetService<MetricsEndpoint>() is not { } endpoint) return;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == Path && (endpoint.Port is null || context.Connection.LocalPort == endpoint.Port));
        if (endpoint.Port is { } port)
            app.Use((context, next) =>
            {
                if (context.Connection.LocalPort != port) return next(context);
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
    }

    private static int MetricsPort(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Port > 0 && uri.AbsolutePath == "/"
            ? uri.Port
            : throw new InvalidOperationException($"CognitoLite:Metrics:Url '{url}' is not an http(s) address with a port of its own (e.g. http://0.0.0.0:9464).");
}
