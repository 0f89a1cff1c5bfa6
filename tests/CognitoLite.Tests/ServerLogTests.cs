using System.Globalization;
using CognitoLite.Tests.Infrastructure;
using Serilog.Events;

namespace CognitoLite.Tests;

/// <summary>What the server logs: an expected refusal is not an error with a stack trace in the log.</summary>
public sealed class ServerLogTests
{
    [Theory]
    [InlineData(Store.Postgres)]
    [InlineData(Store.Sqlite)]
    public async Task A_unique_index_deciding_a_sign_up_race_is_not_logged_as_an_error(Store store)
    {
        var log = new LogCapture();
        using var host = await CognitoHost.StartAsync(store, nameof(ServerLogTests), new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" }, log.AddTo);
        var idp = new IdpFlows(host);
        var client = await idp.CreatePoolAndClient();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(async () =>
        {
            try
            {
                await idp.SignUp(client, "racer", IdpFlows.Password);
                return "OK";
            }
            catch (AwsErrorException error)
            {
                return error.Type;
            }
        })));

        Assert.Equal(1, outcomes.Count(o => o == "OK"));
        Assert.Equal(29, outcomes.Count(o => o == "UsernameExistsException"));
        // Each refusal is one request line; nothing is logged as an error or with an exception.
        await log.WaitUntil(events => events.Count(IsRefusalLine) >= 29, TimeSpan.FromSeconds(10));
        Assert.Equal(29, log.Events.Count(IsRefusalLine));
        Assert.DoesNotContain(log.Events, e => e.Level >= LogEventLevel.Error || e.Exception is not null);
    }

    private static bool IsRefusalLine(LogEvent e) => e.RenderMessage(CultureInfo.InvariantCulture).Contains("UsernameExistsException", StringComparison.Ordinal);
}
