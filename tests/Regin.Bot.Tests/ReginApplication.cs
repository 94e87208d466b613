using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Regin.Bot.Tests;

/// <summary>The real bot host on a fresh SQLite file of its own, with a known API token.</summary>
public sealed class ReginApplication : WebApplicationFactory<Program>
{
    public const string ApiToken = "test-token-7f3a";

    private readonly string _folder = Directory.CreateTempSubdirectory("regin-bot-test-").FullName;

    public string DatabasePath => Path.Combine(_folder, "regin.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Regin", $"Data Source={DatabasePath}");
        builder.UseSetting("Review:ApiTokens:0", ApiToken);
        // The chat notification worker stays off unless a test turns it on (tests deliver by hand).
        builder.UseSetting("Chat:NotificationPollSeconds", "0");
        builder.UseEnvironment("Testing");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
