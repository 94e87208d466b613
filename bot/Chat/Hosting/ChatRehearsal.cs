using System.Data.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Regin.Bot.Chat.Hosting;

/// <summary>
/// The chat warm-up's rehearsal (<see cref="ChatWarmUp"/>), as the parts of a turn see it: while <see cref="Begin"/> is in
/// force in an async flow, every turn of that flow runs on the rehearsal's private database (<see cref="TurnUnitOfWork"/>
/// takes <see cref="Database"/> instead of a kept connection of the real one), runs no after-rollback step (each would
/// write to the real database in a fresh scope) and no erasure after its commit, answers no error (the warm-up reports
/// it), counts no turn, and every
/// <see cref="ILogger{TCategoryName}"/> drops what is logged below Warning (the "Started draft REGIN-0001 …" of drafts
/// that are never stored, which an operator would read as real ones). Every other flow (requests, workers) is untouched.
/// </summary>
public static class ChatRehearsal
{
    private static readonly AsyncLocal<Rehearsal?> Rehearsing = new();

    /// <summary>True in an async flow that <see cref="Begin"/> made a rehearsal, while the rehearsal runs.</summary>
    public static bool IsRunning => Rehearsing.Value is { Ended: false };

    /// <summary>The rehearsal's open connection to its private database, in a rehearsal's flow while it runs; otherwise null.</summary>
    public static DbConnection? Database => Rehearsing.Value is { Ended: false } rehearsal ? rehearsal.Database : null;

    /// <summary>
    /// Makes the rest of this async flow (and the flows it starts) a rehearsal on <paramref name="database"/>, until the
    /// result is disposed; from then on, a flow that began in it (a timer or loop a singleton started on first use, which
    /// keeps the flow's values) is no rehearsal either.
    /// </summary>
    public static IDisposable Begin(DbConnection database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var rehearsal = new Rehearsal(database);
        var before = Rehearsing.Value;
        Rehearsing.Value = rehearsal;
        return new End(rehearsal, before);
    }

    /// <summary>
    /// In a rehearsal's flow, waits until no other flow has a unit of work on the rehearsal's database, and returns what
    /// gives it back; null outside a rehearsal. The rehearsal's database is one connection, and over the loopback socket a
    /// stream's reads run beside a post's turn: one Npgsql connection runs one command at a time. The gate is the
    /// connection's (<see cref="Gates"/>), not one <see cref="Begin"/>'s: each request over the socket begins a rehearsal
    /// of its own on the same connection (the stream's and each post's). Until session 48 each had its own gate, so a
    /// stream's read of its transcript could run beside a post's turn: on PostgreSQL, under load, the post failed
    /// (500) and the warm-up with it.
    /// </summary>
    internal static async ValueTask<IDisposable?> TakeDatabaseAsync(CancellationToken cancellationToken)
    {
        if (Rehearsing.Value is not { Ended: false } rehearsal)
        {
            return null;
        }
        await rehearsal.Gate.WaitAsync(cancellationToken);
        return new GiveBack(rehearsal.Gate);
    }

    /// <summary>
    /// In a rehearsal's flow, the rehearsal's own <see cref="Storage.TurnStateCache"/> (made apart from
    /// <paramref name="host"/>'s, whose entries are the real database's): its turns take the kept turn's path, and its
    /// checks' statements are compiled on the kept connections with the rest; null outside a rehearsal.
    /// </summary>
    internal static Storage.TurnStateCache? KeptState(Storage.TurnStateCache host)
    {
        if (Rehearsing.Value is not { Ended: false } rehearsal)
        {
            return null;
        }
        lock (rehearsal)
        {
            return rehearsal.Kept ??= host.Apart();
        }
    }

    /// <summary>Keeps what the bot sends in a rehearsal's flow (the warm-up answers the question the last reply asks).</summary>
    internal static void Saw(IEnumerable<Microsoft.Bot.Schema.Activity> activities)
    {
        if (Rehearsing.Value is { Ended: false } rehearsal)
        {
            lock (rehearsal.Sent)
            {
                rehearsal.Sent.AddRange(activities);
            }
        }
    }

    /// <summary>What the bot sent in this rehearsal's flow since the last call (nothing outside a rehearsal).</summary>
    internal static IReadOnlyList<Microsoft.Bot.Schema.Activity> TakeSent()
    {
        if (Rehearsing.Value is not { Ended: false } rehearsal)
        {
            return [];
        }
        lock (rehearsal.Sent)
        {
            var sent = rehearsal.Sent.ToList();
            rehearsal.Sent.Clear();
            return sent;
        }
    }

    /// <summary>Makes every <see cref="ILogger{TCategoryName}"/> the container gives out quiet in a rehearsal.</summary>
    public static IServiceCollection AddChatRehearsalLog(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(QuietInRehearsal<>)));
        return services;
    }

    /// <summary>
    /// One gate per rehearsal database: every rehearsal begun on a connection takes its units in turn with all the others
    /// on it (<see cref="TakeDatabaseAsync"/>); dropped with the connection.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbConnection, SemaphoreSlim> Gates = new();

    private sealed class Rehearsal(DbConnection database)
    {
        private volatile bool _ended;

        public DbConnection Database { get; } = database;

        public List<Microsoft.Bot.Schema.Activity> Sent { get; } = [];

        public SemaphoreSlim Gate { get; } = Gates.GetValue(database, _ => new SemaphoreSlim(1, 1));

        /// <summary>What the rehearsed turns keep of each other (<see cref="KeptState"/>).</summary>
        public Storage.TurnStateCache? Kept { get; set; }

        public bool Ended
        {
            get => _ended;
            set => _ended = value;
        }
    }

    private sealed class GiveBack(SemaphoreSlim gate) : IDisposable
    {
        private int _given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class End(Rehearsal rehearsal, Rehearsal? before) : IDisposable
    {
        public void Dispose()
        {
            rehearsal.Ended = true;
            Rehearsing.Value = before;
        }
    }

    /// <summary>The framework's <see cref="Logger{T}"/> (same category name), silent below Warning in a rehearsal.</summary>
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

        private static bool Heard(LogLevel logLevel) => logLevel >= LogLevel.Warning || !IsRunning;
    }
}
