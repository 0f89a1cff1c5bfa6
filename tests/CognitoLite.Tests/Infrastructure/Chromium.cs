using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace CognitoLite.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, headless) driven by Playwright, one browser for every class of the
/// <see cref="BrowserTests"/>; each test opens its own page in a fresh context (cookies and storage of its own).
/// Playwright's driver comes with the Microsoft.Playwright package (the .playwright folder of the build output), and no
/// browser is ever downloaded. The server under test must be on a real port: a <see cref="KestrelHost{TStore}"/>.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>TestResults/screenshots at the repository root, where test.sh collects results.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(TestResultsFolder(), "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"No Chromium at {ExecutablePath}: install Debian's (apt-get install chromium); test.sh does when it is missing.");
        _playwright = await Playwright.CreateAsync();
        // --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>
    /// A page in a new context, whose relative URLs resolve against <paramref name="baseUrl"/> (the host's
    /// <see cref="CognitoHost.Address"/>). Its screenshots go to TestResults/screenshots/&lt;test&gt;/, the test being
    /// named <c>File.Method</c> of the caller unless <paramref name="test"/> names it (a theory's case, a helper).
    /// </summary>
    public async Task<BrowserPage> NewPage(Uri? baseUrl = null, string? test = null,
        [CallerFilePath] string callerFile = "", [CallerMemberName] string callerMember = "")
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = baseUrl?.ToString() });
        var page = await context.NewPageAsync();
        var name = test ?? $"{Path.GetFileNameWithoutExtension(callerFile)}.{callerMember}";
        return new BrowserPage(context, page, Path.Combine(ScreenshotFolder, string.Join("_", name.Split(Path.GetInvalidFileNameChars()))));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>The folder test.sh gives dotnet test as its results directory: TestResults beside test.sh, found by walking
    /// up from the test binaries; beside the binaries when they run outside a checkout.</summary>
    private static string TestResultsFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "test.sh"))) return Path.Combine(folder.FullName, "TestResults");
        }
        return Path.Combine(AppContext.BaseDirectory, "TestResults");
    }
}

/// <summary>One test's page; disposing it closes its context.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page, string screenshotFolder) : IAsyncDisposable
{
    public IBrowserContext Context => context;

    public IPage Page => page;

    /// <summary>Saves the whole page (not only the viewport) as &lt;step&gt;.png in this test's screenshot folder; returns its path.</summary>
    public async Task<string> Screenshot(string step)
    {
        Directory.CreateDirectory(screenshotFolder);
        var path = Path.Combine(screenshotFolder, step + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public ValueTask DisposeAsync() => context.DisposeAsync();
}

/// <summary>The browser tests: they share one Chromium and run one at a time, so pages do not compete for the machine.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<Chromium>
{
    public const string Name = "Chromium";
}
