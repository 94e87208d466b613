using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Regin.Bot.Chat;
using Regin.Bot.Chat.Hosting;

namespace Regin.Bot.Tests.Chat;

/// <summary>Which serviceUrls an anonymous POST /api/messages may name (the host calls them back).</summary>
public sealed class AnonymousEndpointGuardTests
{
    private static AnonymousEndpointGuard Guard(params string[] allowed) =>
        new(Options.Create(new ChatOptions { AllowedServiceUrls = [.. allowed] }), new Development());

    [Fact]
    public void A_serviceUrl_allowed_once_is_allowed_again_and_no_other_is_allowed_after_it()
    {
        var guard = Guard("https://load.invalid/", "http://127.0.0.1/callbacks/");
        foreach (var _ in Enumerable.Range(0, 2))
        {
            Assert.True(guard.IsAllowed("https://load.invalid/"));
            Assert.True(guard.IsAllowed("https://load.invalid/v3/conversations"));
            Assert.True(guard.IsAllowed("http://127.0.0.1:5000/callbacks/x"));
            Assert.False(guard.IsAllowed("http://127.0.0.1:5000/other/"));
            Assert.False(guard.IsAllowed("https://LOAD.invalid.evil.example/"));
            Assert.False(guard.IsAllowed("http://load.invalid/"));
            Assert.False(guard.IsAllowed(null));
            Assert.False(guard.IsAllowed(""));
            Assert.False(guard.IsAllowed("not a url"));
        }
    }

    [Fact]
    public void With_no_list_nothing_is_allowed()
    {
        var guard = Guard();
        Assert.False(guard.IsAllowed(null));
        Assert.False(guard.IsAllowed("https://load.invalid/"));
    }

    private sealed class Development : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";
        public string ApplicationName { get; set; } = "Regin.Bot";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
