using Microsoft.Playwright;
using Regin.Bot.Tests.Browser;

namespace Regin.Bot.Tests.Review.Browser;

/// <summary>
/// One real review host on a free localhost port (Kestrel) and the run's one headless chromium
/// (<see cref="Regin.Bot.Tests.Browser.SharedChromium"/>), shared by every review browser test.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    public ReviewApplication App { get; } = ReviewApplication.OnKestrel();
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App.StartServer();
        await App.EnsureReadyAsync();
        BaseUrl = App.BaseAddress.ToString().TrimEnd('/');
        Browser = await Regin.Bot.Tests.Browser.SharedChromium.GetAsync();
    }

    /// <summary>A fresh browser context (its own cookies) signed in as <paramref name="email"/>; the sign-in in <paramref name="trace"/> if given.</summary>
    public async Task<IPage> SignedInPageAsync(string email = ReviewApplication.ResearcherEmail, string password = ReviewApplication.ResearcherPassword, PageTrace? trace = null)
    {
        var context = await Browser.NewTestContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        trace?.Attach(page);
        trace?.Step("sign in");
        await page.GotoAsync("/review");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        // Waited for from before the click, as ResearchersDayBrowserTests does: begun after it, the wait once ran its 120 s with
        // the page already at /review and loaded (session 45's last clean clone; the trace showed the redirect done at 3.9 s).
        var signedIn = page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/review");
        await page.ClickAsync("#sign-in");
        await signedIn;
        return page;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHost>
{
    public const string Name = "browser";
}
