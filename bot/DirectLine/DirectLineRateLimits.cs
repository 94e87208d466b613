using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Regin.Bot.DirectLine;

/// <summary>
/// The Direct Line's flood limits (System.Threading.RateLimiting, as ASP.NET's rate limiter): posts per conversation
/// and conversation starts per client address, each a fixed window of one minute. Kept here rather than in the
/// host's global rate limiter so the page's polling is never counted.
/// </summary>
public sealed class DirectLineRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _posts;
    private readonly PartitionedRateLimiter<string> _starts;

    public DirectLineRateLimits(IOptions<DirectLineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _posts = Window(settings.PostsPerMinute);
        _starts = Window(settings.StartsPerMinute);
    }

    public bool TryPost(string conversationId) => Acquire(_posts, conversationId);

    public bool TryStart(HttpContext context) => Acquire(_starts, context?.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static bool Acquire(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> Window(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Dispose()
    {
        _posts.Dispose();
        _starts.Dispose();
    }
}
