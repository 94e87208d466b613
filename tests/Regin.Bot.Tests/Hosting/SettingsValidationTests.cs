using Microsoft.Extensions.Options;

namespace Regin.Bot.Tests.Hosting;

/// <summary>Each options class is checked when the host starts: a wrong setting stops it with the setting's name, not at the first request that needs it.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Mail:Mailbox", "not an address", "Mailbox")]
    [InlineData("Hosting:RequestsPerMinute", "0", "RequestsPerMinute")]
    [InlineData("Hosting:KnownProxies:0", "proxy.example", "Hosting:KnownProxies")]
    [InlineData("Hosting:KnownNetworks:0", "10.0.0.0", "Hosting:KnownNetworks")]
    [InlineData("Review:ApiTokens:1", "short", "Review:ApiTokens")]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4317", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:MetricsIntervalSeconds", "0", "MetricsIntervalSeconds")]
    [InlineData("Review:Admin:Email", "admin@example.org", "Review:Admin")]
    [InlineData("Chat:PublicBaseUrl", "regin.example.org", "Chat:PublicBaseUrl")]
    [InlineData("DirectLine:Secret", "s3cret", "DirectLine:Secret")]
    [InlineData("Chat:NotificationMaxAttempts", "0", "NotificationMaxAttempts")]
    [InlineData("Chat:WelcomeBackAfter", "-01:00:00", "Chat:WelcomeBackAfter")]
    [InlineData("Chat:WebChatUserDays", "0", "WebChatUserDays")]
    [InlineData("Privacy:RawInputRetentionDays", "-1", "RawInputRetentionDays")]
    public void A_wrong_setting_stops_the_start_and_names_itself(string key, string value, string named)
    {
        using var application = new ReginApplication().WithWebHostBuilder(builder => builder.UseSetting(key, value));
        var refused = Assert.Throws<OptionsValidationException>(() => application.Server);
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_settings_start()
    {
        using var application = new ReginApplication();
        Assert.NotNull(application.Server);
    }
}
