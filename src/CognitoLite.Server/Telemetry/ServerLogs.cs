using System.Globalization;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Configuration;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;
using Serilog.Settings.Configuration;

namespace CognitoLite.Server.Telemetry;

internal enum LogFormat
{
    Text,
    Json,
}

/// <summary>
/// How the server writes its log to standard output: text lines (default) or, with --log-format json
/// (CognitoLite:LogFormat), one compact JSON object per line (Serilog's CLEF: @t, @mt, @l, @x and the properties,
/// EventId and SourceContext among them).
/// </summary>
internal static class ServerLogs
{
    public const string Setting = "CognitoLite:LogFormat";

    public static LogFormat Format(IConfiguration configuration) => configuration[Setting]?.ToLowerInvariant() switch
    {
        null or "" or "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new InvalidOperationException($"{Setting} (--log-format) must be 'text' or 'json', not '{configuration[Setting]}'."),
    };

    /// <summary>
    /// The Serilog assemblies that the Serilog section of the configuration may name sinks and formatters from: those the
    /// server ships (a "Using" entry adds others). Named here, they need not be found at each start by reading the deps
    /// file and every DLL's name in the application folder.
    /// </summary>
    public static readonly ConfigurationReaderOptions ConfigurationReader = new(
        typeof(ConsoleLoggerConfigurationExtensions).Assembly,
        typeof(FileLoggerConfigurationExtensions).Assembly,
        typeof(LoggerSinkConfigurationDebugExtensions).Assembly,
        typeof(CompactJsonFormatter).Assembly,
        typeof(SerilogLoggerFactory).Assembly,
        typeof(SerilogServiceCollectionExtensions).Assembly,
        typeof(RequestLoggingOptions).Assembly,
        typeof(ConfigurationReaderOptions).Assembly);

    public static LoggerConfiguration Console(this LoggerSinkConfiguration sinks, LogFormat format) => format == LogFormat.Json
        ? sinks.Console(new CompactJsonFormatter())
        : sinks.Console(formatProvider: CultureInfo.InvariantCulture);
}
