using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Regin.Bot.Tests.WebChat.Browser;

/// <summary>
/// The real bot host on Kestrel (a free 127.0.0.1 port, a fresh SQLite file) and one headless Debian chromium for the
/// whole collection, driven by Playwright. Browsers are never downloaded: chromium is /usr/bin/chromium (test.sh installs it).
/// </summary>
public sealed class WebChatBrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _folder = Directory.CreateTempSubdirectory("regin-webchat-browser-").FullName;
    private HostFactory? _host;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The host's services (to read what the conversation stored).</summary>
    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("The host is not started.");

    /// <summary>Where screenshots go: $REGIN_TEST_ARTIFACTS, else TestResults/webchat beside the test binaries.</summary>
    public static string ArtifactsFolder =>
        Directory.CreateDirectory(Environment.GetEnvironmentVariable("REGIN_TEST_ARTIFACTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "webchat")).FullName;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _host = new HostFactory(Path.Combine(_folder, "regin.db"));
        _host.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        _host.StartServer();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class HostFactory(string databasePath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Regin", $"Data Source={databasePath}");
            builder.UseEnvironment("Testing");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebChatBrowserCollection : ICollectionFixture<WebChatBrowserFixture>
{
    public const string Name = "Web chat in a browser";
}
