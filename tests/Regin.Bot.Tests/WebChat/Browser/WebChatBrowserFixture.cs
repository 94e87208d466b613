using Microsoft.Playwright;
using Regin.Bot.Tests.Browser;
using Regin.Testing;

namespace Regin.Bot.Tests.WebChat.Browser;

/// <summary>
/// The real bot host on Kestrel (a free 127.0.0.1 port, a fresh database) and the run's one headless chromium
/// (<see cref="SharedChromium"/>), for the whole collection.
/// </summary>
public sealed class WebChatBrowserFixture : IAsyncLifetime
{
    private readonly BotTestHost _host = new(kestrel: true);

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The host's services (to read what the conversation stored).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Where screenshots go: $REGIN_TEST_ARTIFACTS, else TestResults/webchat beside the test binaries.</summary>
    public static string ArtifactsFolder =>
        Directory.CreateDirectory(Environment.GetEnvironmentVariable("REGIN_TEST_ARTIFACTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "webchat")).FullName;

    public async Task InitializeAsync()
    {
        _host.StartServer();
        BaseUrl = _host.BaseAddress.ToString().TrimEnd('/');
        Browser = await SharedChromium.GetAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class WebChatBrowserCollection : ICollectionFixture<WebChatBrowserFixture>
{
    public const string Name = "Web chat in a browser";
}
