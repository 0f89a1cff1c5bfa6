using CognitoLite.Server.Telemetry;
using Microsoft.AspNetCore.Connections;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace CognitoLite.Server;

/// <summary>
/// Why the server could not start, as one line on standard error (`CognitoLite cannot start: …`, naming the setting to
/// change) and exit code 1: a person reads it, so no stack trace. In a JSON log that line is a JSON log event too.
/// </summary>
internal static class StartupFailure
{
    public static int Report(Exception failure, LogFormat format)
    {
        var reason = string.Join(' ', Reason(failure).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (format == LogFormat.Json)
        {
            using var log = new LoggerConfiguration().WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger();
            log.Fatal("CognitoLite cannot start: {Reason}", reason);
        }
        else
        {
            Console.Error.WriteLine($"CognitoLite cannot start: {reason}");
        }
        return 1;
    }

    private static string Reason(Exception failure) => failure switch
    {
        IOException { InnerException: AddressInUseException } =>
            $"{failure.Message} Stop what listens there or choose another address with --urls (ASPNETCORE_URLS).",
        Npgsql.NpgsqlException =>
            $"PostgreSQL: {Messages(failure)}. Check ConnectionStrings:Postgres (--postgres): host, port, database, user and password.",
        Microsoft.Data.Sqlite.SqliteException =>
            $"SQLite: {failure.Message} Check that CognitoLite:DataDir (--data-dir) is a folder this user can write.",
        // The data folder's and the seed file's own errors arrive as InvalidOperationException: a file error here is the certificate's.
        System.Security.Cryptography.CryptographicException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException =>
            $"the HTTPS certificate cannot be loaded: {Messages(failure)}. Check Kestrel:Certificates:Default:Path, :KeyPath and :Password.",
        // Our own validation, the configuration binder (a value of the wrong type) and Kestrel's HTTPS set-up name the setting.
        InvalidOperationException => failure.Message,
        _ => $"{failure.GetType().Name}: {Messages(failure)}",
    };

    private static string Messages(Exception failure)
    {
        var messages = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException) messages.Add(e.Message.TrimEnd('.'));
        return string.Join(": ", messages.Distinct());
    }

    /// <summary>The host's own "Hosting failed to start" event, with its stack trace: Report says it in one line.</summary>
    public static bool IsHostStartFault(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var id)
        && id is StructureValue eventId
        && eventId.Properties.Any(p => p.Name == "Name" && p.Value is ScalarValue { Value: "HostedServiceStartupFaulted" });
}
