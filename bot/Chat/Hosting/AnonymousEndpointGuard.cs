using Microsoft.Extensions.Options;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// POST /api/messages without MicrosoftAppId has no Bot Framework authentication: anyone could speak as any chat user
/// and make the host call any URL back (the activity's serviceUrl). So: in Production it answers 401 unless
/// Chat:AllowAnonymous=true, and whenever it is anonymous the serviceUrl must be on Chat:AllowedServiceUrls
/// (by default this machine only, for the Bot Framework Emulator).
/// </summary>
public sealed class AnonymousEndpointGuard(IOptions<ChatOptions> options, IHostEnvironment environment)
{
    private volatile string? _lastAllowed;

    public bool IsAnonymous => string.IsNullOrWhiteSpace(options.Value.BotAppId);

    /// <summary>Anonymous requests are refused outright (Production without Chat:AllowAnonymous).</summary>
    public bool RefusesAll => IsAnonymous && environment.IsProduction() && !options.Value.AllowAnonymous;

    /// <summary>
    /// Null when the activity may go on; else the result to answer with. <paramref name="activity"/> is the body as the
    /// adapter reads it (null: not an activity), so the serviceUrl checked is the one the adapter would call back, however
    /// the body spells its key.
    /// </summary>
    public IResult? Check(Microsoft.Bot.Schema.Activity? activity)
    {
        if (!IsAnonymous)
        {
            return null;
        }
        if (RefusesAll)
        {
            return Results.Problem("This endpoint needs Bot Framework authentication: set MicrosoftAppId (or Chat:AllowAnonymous=true on a private network).",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        if (activity is null)
        {
            return Results.Problem("The body is not an activity.", statusCode: StatusCodes.Status400BadRequest);
        }
        return IsAllowed(activity.ServiceUrl) ? null
            : Results.Problem("The activity's serviceUrl is not on Chat:AllowedServiceUrls.", statusCode: StatusCodes.Status403Forbidden);
    }

    internal bool IsAllowed(string? serviceUrl)
    {
        // A chat sends the same serviceUrl on every turn: the last one allowed is known by its text (parsing it and every
        // entry of the list again was 2% of a turn). The list does not change while the host runs.
        if (serviceUrl is not null && string.Equals(serviceUrl, _lastAllowed, StringComparison.Ordinal))
        {
            return true;
        }
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url))
        {
            return false;
        }
        foreach (var allowed in options.Value.AllowedServiceUrls)
        {
            if (Uri.TryCreate(allowed, UriKind.Absolute, out var entry)
                && string.Equals(entry.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(entry.Host, url.Host, StringComparison.OrdinalIgnoreCase)
                && (entry.IsDefaultPort || entry.Port == url.Port) // no port given: any port
                && url.AbsolutePath.StartsWith(entry.AbsolutePath, StringComparison.Ordinal))
            {
                _lastAllowed = serviceUrl;
                return true;
            }
        }
        return false;
    }
}
