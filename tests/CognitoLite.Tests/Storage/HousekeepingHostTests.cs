using System.Globalization;
using CognitoLite.Core;
using CognitoLite.Server;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CognitoLite.Tests.Storage;

/// <summary>The server runs housekeeping passes by itself (CognitoLite:Housekeeping:Enabled, :Interval), and logs what they deleted.</summary>
public sealed class HousekeepingHostTests
{
    [Fact]
    public void A_server_runs_housekeeping_every_ten_minutes_unless_told_otherwise()
    {
        var options = new CognitoOptions();

        Assert.True(options.Housekeeping.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Housekeeping.Interval);
        Assert.Equal("CognitoLite:Housekeeping:Interval must be positive and at most a day (24:00:00).",
            Assert.Throws<InvalidOperationException>(() => new CognitoOptions { Housekeeping = { Interval = TimeSpan.Zero } }.Validate()).Message);
    }

    [Theory]
    [InlineData(Store.Postgres)]
    [InlineData(Store.Sqlite)]
    public async Task The_server_deletes_expired_rows_at_each_interval_and_logs_how_many(Store store)
    {
        var log = new LogCapture();
        var clock = new ManualClock();
        var settings = new Dictionary<string, string?>
        {
            ["CognitoLite:Housekeeping:Enabled"] = "true",
            ["CognitoLite:Housekeeping:Interval"] = "00:00:00.100",
            ["Serilog:MinimumLevel:Default"] = "Information",
        };
        using var host = await CognitoHost.StartAsync(store, nameof(HousekeepingHostTests), settings, services =>
        {
            log.AddTo(services);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        });
        var idp = new IdpFlows(host);
        var client = await idp.CreatePoolAndClient();
        await idp.AdminCreateUser(client.PoolId, "ann", "Temp0rary!", "SUPPRESS");
        await idp.NewPasswordChallenge(client, "ann", "Temp0rary!");

        clock.Advance(TimeSpan.FromDays(2));
        await log.WaitUntil(events => events.Any(Deleted), TimeSpan.FromSeconds(30));

        Assert.Equal("Housekeeping deleted 1 expired rows (AuthSessions 1)", Assert.Single(log.Events, Deleted).RenderMessage(CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(await idp.Scalar("""SELECT count(*) FROM "AuthSessions" WHERE "ClientId" = @client""", ("client", client.Id))));
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<HousekeepingHost>());
    }

    [Fact]
    public async Task Switched_off_the_server_runs_no_passes()
    {
        using var host = await CognitoHost.StartAsync(Store.Sqlite, nameof(HousekeepingHostTests),
            new Dictionary<string, string?> { ["CognitoLite:Housekeeping:Enabled"] = "false" });

        Assert.Empty(host.Services.GetServices<IHostedService>().OfType<HousekeepingHost>());
    }

    private static bool Deleted(Serilog.Events.LogEvent e) => e.MessageTemplate.Text.StartsWith("Housekeeping deleted", StringComparison.Ordinal);
}
