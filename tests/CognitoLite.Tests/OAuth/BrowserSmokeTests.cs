using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.OAuth;

/// <summary>The browser test set-up itself: Debian's Chromium reaches a host on a real port, and pages leave screenshots.</summary>
[Collection(BrowserTests.Name)]
public sealed class BrowserSmokeTests(Chromium chromium, KestrelHost<OnSqlite> fixture) : IClassFixture<KestrelHost<OnSqlite>>
{
    [Fact]
    public async Task Chromium_opens_the_home_page_of_a_host_on_a_real_port()
    {
        // The helpers of the other tests speak to the same real port.
        var flows = new IdpFlows(fixture.Host);
        Assert.Equal(fixture.Host.Address, flows.Aws.Http.BaseAddress);
        var poolId = await flows.CreatePool();
        Assert.Empty(await flows.Messages(poolId, "nobody"));

        await using var browser = await chromium.NewPage(fixture.Host.Address);
        var response = await browser.Page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        Assert.Equal(new Uri(fixture.Host.Address, "/").ToString(), browser.Page.Url);
        var text = await browser.Page.InnerTextAsync("body");
        Assert.StartsWith("CognitoLite: Amazon Cognito's wire protocols on one port.", text, StringComparison.Ordinal);
        var screenshot = await browser.Screenshot("home");
        Assert.Equal(Path.Combine(Chromium.ScreenshotFolder, "BrowserSmokeTests.Chromium_opens_the_home_page_of_a_host_on_a_real_port", "home.png"), screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(screenshot))[..4]);
    }
}
