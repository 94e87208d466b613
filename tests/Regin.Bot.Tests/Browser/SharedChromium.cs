using Microsoft.Playwright;

namespace Regin.Bot.Tests.Browser;

/// <summary>
/// One headless Debian chromium for the whole test run, driven by Playwright and shared by every browser fixture (web
/// chat, review screens; each test takes a context of its own). Started on first use, closed when the test process
/// ends. Nothing is downloaded: the browser is /usr/bin/chromium (./test.sh installs it when missing).
/// </summary>
public static class SharedChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// How long an action, a wait or an expectation may take (Playwright's 5 and 30 s are short for a busy 2-core machine):
    /// they wait on the real condition, so a long deadline costs nothing when the page is quick.
    /// </summary>
    public const float TimeoutMs = 120_000;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static async Task<IBrowser> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true })
            {
                return _browser;
            }
            _playwright ??= await Playwright.CreateAsync();
            Assertions.SetDefaultExpectTimeout(TimeoutMs);
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
                // The launch waits for the browser's first answer: Playwright's 30 s by default, as short as its others.
                Timeout = TimeoutMs,
            });
            AppDomain.CurrentDomain.ProcessExit -= Close;
            AppDomain.CurrentDomain.ProcessExit += Close;
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A fresh context (its own cookies and storage) of the shared browser, with the run's deadlines.</summary>
    public static async Task<IBrowserContext> NewTestContextAsync(this IBrowser browser, BrowserNewContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        return context;
    }

    private static void Close(object? sender, EventArgs e)
    {
        _browser?.CloseAsync().GetAwaiter().GetResult();
        _playwright?.Dispose();
    }
}
