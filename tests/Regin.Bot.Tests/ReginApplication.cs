using Microsoft.AspNetCore.Hosting;

namespace Regin.Bot.Tests;

/// <summary>The real bot host on a fresh database of its own, with a known API token.</summary>
public class ReginApplication : BotTestHost
{
    public const string ApiToken = "test-token-7f3a-9c21";

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Review:ApiTokens:0", ApiToken);
        // The anonymous /api/messages calls back only allow-listed service URLs: the tests' own.
        builder.UseSetting("Chat:AllowedServiceUrls:0", "https://webchat.invalid/");
    }
}

/// <summary>The same host on a PostgreSQL database of its own.</summary>
public sealed class PostgreSqlReginApplication : ReginApplication
{
    public override string Provider => TestProviders.PostgreSql;
}
