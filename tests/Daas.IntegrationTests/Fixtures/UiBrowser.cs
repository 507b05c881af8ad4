using Microsoft.Playwright;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// Debian's headless Chromium driven by Playwright (no browser download: the executable is the
/// system's), one per test class. Each page gets a context of its own: its own cookies.
/// </summary>
public sealed class UiBrowser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>
    /// Where <see cref="ScreenshotAsync"/> writes: DAAS_SCREENSHOTS when set (the README's images
    /// are made with DAAS_SCREENSHOTS=$PWD/docs/screenshots, an absolute path: a relative one is
    /// taken from the test process's working directory), else "screenshots" beside the tests.
    /// </summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("DAAS_SCREENSHOTS") is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: run scripts/setup.sh --test");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page (no cookies) whose relative URLs go to DaaS's own host over plain HTTP.</summary>
    public async Task<IPage> NewPageAsync(DaasServer server, int width = 1280, int height = 800)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = $"http://{server.Domain}:{server.Port}",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page PNG named <paramref name="name"/>.png in <see cref="ScreenshotDirectory"/>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
