using Microsoft.EntityFrameworkCore;

namespace Regin.Bot.DirectLine;

/// <summary>
/// "An activity was appended to conversation X (up to watermark W)": published after the transcript's commit, heard by the
/// open WebSocket streams of that conversation, which then read the new rows from the database. The signal carries no
/// activity, so losing one only delays a stream until the next signal or keep-alive; the database stays the truth.
/// In one process (SQLite) <see cref="InProcessActivityAppendedSignal"/>; on PostgreSQL
/// <see cref="PostgreSqlActivityAppendedSignal"/>, which crosses hosts with LISTEN/NOTIFY.
/// </summary>
public interface IActivityAppendedSignal
{
    /// <summary>Tells every listener of <paramref name="conversationId"/> that its transcript now reaches <paramref name="watermark"/>.</summary>
    ValueTask PublishAsync(string conversationId, long watermark, CancellationToken cancellationToken = default);

    /// <summary>Whether <see cref="EnlistAsync"/> must run inside the appending transaction (the store then opens one when none is open).</summary>
    bool EnlistsInTransaction => false;

    /// <summary>
    /// Runs in the appending transaction, after its rows are written and before its commit: a signal that crosses hosts
    /// sends its notice here, so that it goes out when (and only if) the rows are committed.
    /// </summary>
    ValueTask EnlistAsync(DbContext db, string conversationId, long watermark, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>
    /// Calls <paramref name="onAppended"/> (with the watermark, or 0 when it is not known: read to see) after each append to
    /// the conversation, until disposed. The callback must be quick and must not throw.</summary>
    IDisposable Subscribe(string conversationId, Action<long> onAppended);
}
