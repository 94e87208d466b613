using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Regin.Core.Persistence;

namespace Regin.Bot.DirectLine;

/// <summary>
/// The "appended" signal across the hosts of one PostgreSQL database. Each append sends <c>NOTIFY</c> on
/// <see cref="Channel"/> inside its own transaction, so PostgreSQL delivers it when the rows are committed (and never
/// for rows rolled back). Each host keeps one connection that <c>LISTEN</c>s (<see cref="ListenAsync"/>, run by
/// <see cref="ActivityAppendedListener"/>) and wakes its own streams of the named conversation. A notification only
/// reaches sessions of the same database, so the channel is one per database by nature. The appending host wakes its
/// own streams at once, after the commit, and skips its own notification when it comes back. If the listening connection
/// is lost, the host reconnects with a growing pause and then wakes all its streams, which read what they missed from the
/// database; in between they still hear their own host's appends, and the stream's keep-alive rereads in any case.
/// </summary>
public sealed partial class PostgreSqlActivityAppendedSignal(ReginDatabaseProvider database, ILogger<PostgreSqlActivityAppendedSignal> logger) : IActivityAppendedSignal
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "regin_directline_appended";

    /// <summary>The channel of the chat warm-up's appends, which no host listens on (<see cref="Chat.Hosting.ChatRehearsal"/>).</summary>
    public const string RehearsalChannel = "regin_directline_rehearsal";

    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);

    private readonly InProcessActivityAppendedSignal _local = new();

    // Payload: "{origin} {watermark} {conversation}"; the origin (this process) lets the sender skip its own notice.
    private readonly string _origin = Guid.NewGuid().ToString("N");

    /// <summary>Whether the listening connection is up (for tests and diagnostics).</summary>
    public bool Listening { get; private set; }

    public bool EnlistsInTransaction => true;

    /// <summary>A notice can be missed (the listening connection lost, another host stopped): the streams reread at each keep-alive.</summary>
    public bool MayMissAppends => true;

    public async ValueTask EnlistAsync(DbContext db, string conversationId, long watermark, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (channel, payload) = Notice(conversationId, watermark);
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({channel}, {payload})", cancellationToken);
    }

    public ConnectionPrelude.Statement EnlistStatement(string conversationId, long watermark)
    {
        var (channel, payload) = Notice(conversationId, watermark);
        return new ConnectionPrelude.Statement("SELECT pg_notify(@p0, @p1)", [channel, payload], ReturnsRows: true);
    }

    private (string Channel, string Payload) Notice(string conversationId, long watermark)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var payload = string.Create(CultureInfo.InvariantCulture, $"{_origin} {watermark} {conversationId}");
        // The chat warm-up's appends (on its session's copies of the tables) are told on a channel no host listens on.
        return (Chat.Hosting.ChatRehearsal.IsRunning ? RehearsalChannel : Channel, payload);
    }

    /// <summary>After the commit: this host's streams hear it at once (the others by the notification).</summary>
    public ValueTask PublishAsync(string conversationId, long watermark, CancellationToken cancellationToken = default) =>
        _local.PublishAsync(conversationId, watermark, cancellationToken);

    /// <summary>After the commit, with the committed rows: this host's streams send them without reading them back.</summary>
    public ValueTask PublishAsync(string conversationId, long watermark, IReadOnlyList<Regin.Core.Persistence.Entities.DirectLineActivity> rows, CancellationToken cancellationToken = default) =>
        _local.PublishAsync(conversationId, watermark, rows, cancellationToken);

    public IDisposable Subscribe(string conversationId, Action<long> onAppended) => _local.Subscribe(conversationId, onAppended);

    public IDisposable Subscribe(string conversationId, Action<long, IReadOnlyList<Regin.Core.Persistence.Entities.DirectLineActivity>?> onAppended) =>
        _local.Subscribe(conversationId, onAppended);

    /// <summary>Listens until <paramref name="stopping"/>: one connection, reopened with a growing pause when it is lost.</summary>
    public async Task ListenAsync(CancellationToken stopping)
    {
        var pause = FirstPause;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString)
                {
                    Pooling = false,
                    ApplicationName = "regin-directline-listen",
                }.ConnectionString);
                connection.Notification += OnNotification;
                await connection.OpenAsync(stopping);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }
                Listening = true;
                pause = FirstPause;
                LogListening(Channel, database.Describe());
                // Whatever was appended while no one listened: the streams read it now.
                _local.WakeAll();
                while (true)
                {
                    if (!await connection.WaitAsync(IdleCheck, stopping))
                    {
                        // Quiet for a while: make sure the line is still there (a dead one would stay silent for ever).
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stopping);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // Whatever broke the line (the server restarted, the network, a failover), the host goes on: it listens again.
                Listening = false;
                LogLost(e, Channel, pause);
                try
                {
                    await Task.Delay(pause, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
            finally
            {
                Listening = false;
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var parts = e.Payload.Split(' ', 3);
        if (parts.Length != 3 || parts[0] == _origin || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var watermark))
        {
            return;
        }
        _observer?.Invoke(parts[2], watermark);
        _ = _local.PublishAsync(parts[2], watermark);
    }

    private Action<string, long>? _observer;

    public void Observe(Action<string, long> committed) => _observer += committed;

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for Direct Line appends of other hosts (LISTEN {Channel} on {Database})")]
    private partial void LogListening(string channel, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection that listens on {Channel}; trying again in {Pause}")]
    private partial void LogLost(Exception exception, string channel, TimeSpan pause);
}

/// <summary>Runs the PostgreSQL signal's listening connection for the life of the host; nothing with the in-process signal.</summary>
public sealed class ActivityAppendedListener(IActivityAppendedSignal signal) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        signal is PostgreSqlActivityAppendedSignal postgres ? postgres.ListenAsync(stoppingToken) : Task.CompletedTask;
}
