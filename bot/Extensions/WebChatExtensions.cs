using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Regin.Bot.DirectLine;
using Regin.Bot.WebChat;
using Regin.Core.Persistence;

namespace Regin.Bot.Extensions;

/// <summary>
/// The web chat on the bot host: the local Direct Line subset (/v3/directline), the page (GET /), the glossary page
/// (GET /glossary) and the page's files (/webchat/..., Web Chat's bundle included, copied beside the binaries at build).
/// DirectLine:Enabled=false leaves all of it out (Azure's Direct Line serves Web Chat there).
/// </summary>
public static class WebChatExtensions
{
    /// <summary>The folder beside the binaries the build copies the page's files and Web Chat's bundle to.</summary>
    public const string AssetsFolder = "webchat";

    public static WebApplicationBuilder AddReginWebChat(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.Secret.Length == 0 || o.Secret.Length >= DirectLineOptions.MinSecretLength,
                $"DirectLine:Secret needs at least {DirectLineOptions.MinSecretLength} characters (a random one, e.g. openssl rand -hex 32), or none.")
            .ValidateOnStart();
        services.AddSingleton<DirectLineTokens>();
        // SQLite is one host: the signal stays in process. PostgreSQL may have several: LISTEN/NOTIFY crosses them.
        services.TryAddSingleton<IActivityAppendedSignal>(provider =>
            provider.GetRequiredService<ReginDatabaseProvider>().Name == ReginDatabaseProvider.PostgreSqlName
                ? ActivatorUtilities.CreateInstance<PostgreSqlActivityAppendedSignal>(provider)
                : new InProcessActivityAppendedSignal());
        services.AddHostedService<ActivityAppendedListener>();
        services.AddSingleton<DirectLineStore>();
        services.AddSingleton<DirectLineRateLimits>();
        services.AddSingleton<DirectLineBotAdapter>();
        services.AddSingleton<WebChatUsers>();
        return builder;
    }

    public static WebApplication MapReginWebChat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<DirectLineOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Regin.Bot.WebChat");
        if (!options.Enabled)
        {
            logger.LogInformation("The local Direct Line and the web chat page are off (DirectLine:Enabled=false)");
            return app;
        }
        if (!app.Services.GetRequiredService<DirectLineTokens>().HasSecret)
        {
            logger.LogWarning("DirectLine:Secret is empty: anyone who reaches this host can start Direct Line conversations (fine on a laptop)");
        }
        var folder = Path.Combine(AppContext.BaseDirectory, AssetsFolder);
        if (Directory.Exists(folder))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(folder),
                RequestPath = "/" + AssetsFolder,
                OnPrepareResponse = context =>
                {
                    context.Context.Response.Headers.XContentTypeOptions = "nosniff";
                    context.Context.Response.Headers.CacheControl = "no-cache";
                },
            });
        }
        else
        {
            logger.LogError("The web chat page's files are missing ({Folder}): build the bot project to copy them", folder);
        }
        app.UseWebSockets();
        app.MapDirectLineApi();
        app.MapWebChatSession();
        app.MapGet("/", WebChatPage.Index);
        app.MapGet("/glossary", WebChatPage.Glossary);
        return app;
    }
}
