using System.Globalization;
using Serilog;
using Serilog.Configuration;
using Serilog.Formatting.Compact;

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

    public static LoggerConfiguration Console(this LoggerSinkConfiguration sinks, LogFormat format) => format == LogFormat.Json
        ? sinks.Console(new CompactJsonFormatter())
        : sinks.Console(formatProvider: CultureInfo.InvariantCulture);
}
