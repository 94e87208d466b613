using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// Keeps the chat warm-up's rehearsal out of the host's log: while <see cref="Quiet"/> is in force in an async flow (the
/// rehearsal's), every <see cref="ILogger{TCategoryName}"/> drops what is logged in that flow below Warning (the "Started
/// draft REGIN-0001 …" of drafts that are never stored, which an operator would read as real ones); warnings and errors
/// still show, and every other flow (requests, workers) logs as before. The warm-up's own summary is logged after it.
/// </summary>
public static class RehearsalLog
{
    private static readonly AsyncLocal<bool> Quieted = new();

    /// <summary>True in an async flow that <see cref="Quiet"/> quieted.</summary>
    public static bool IsQuiet => Quieted.Value;

    /// <summary>Quiets the rest of this async flow (and the flows it starts) until the result is disposed.</summary>
    public static IDisposable Quiet()
    {
        var before = Quieted.Value;
        Quieted.Value = true;
        return new Restore(before);
    }

    /// <summary>Makes every <see cref="ILogger{TCategoryName}"/> the container gives out obey <see cref="Quiet"/>.</summary>
    public static IServiceCollection AddRehearsalLog(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(QuietInRehearsal<>)));
        return services;
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => Quieted.Value = before;
    }

    /// <summary>The framework's <see cref="Logger{T}"/> (same category name), silent below Warning in a quieted flow.</summary>
    private sealed class QuietInRehearsal<T>(ILoggerFactory factory) : ILogger<T>
    {
        private readonly ILogger _logger = new Logger<T>(factory);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Heard(logLevel) && _logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (Heard(logLevel))
            {
                _logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }

        private static bool Heard(LogLevel logLevel) => logLevel >= LogLevel.Warning || !Quieted.Value;
    }
}
