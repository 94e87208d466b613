using Microsoft.EntityFrameworkCore;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.DirectLine;

/// <summary>
/// "An activity was appended to conversation X (up to watermark W)": published after the transcript's commit, heard by the
/// open WebSocket streams of that conversation. This host's own appends come with the committed rows, which a stream that
/// has everything before them sends as they are; otherwise (another host's append, a wake) the stream reads the new rows
/// from the database. Losing a signal only delays a stream until the next signal or keep-alive; the database stays the truth.
/// In one process (SQLite) <see cref="InProcessActivityAppendedSignal"/>; on PostgreSQL
/// <see cref="PostgreSqlActivityAppendedSignal"/>, which crosses hosts with LISTEN/NOTIFY.
/// </summary>
public interface IActivityAppendedSignal
{
    /// <summary>Tells every listener of <paramref name="conversationId"/> that its transcript now reaches <paramref name="watermark"/>.</summary>
    ValueTask PublishAsync(string conversationId, long watermark, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether an append may go untold (a notice to another host lost): then a stream does not rely on the signal alone and
    /// rereads its transcript at each keep-alive.
    /// </summary>
    bool MayMissAppends => false;

    /// <summary>Whether <see cref="EnlistAsync"/> must run inside the appending transaction (the store then opens one when none is open).</summary>
    bool EnlistsInTransaction => false;

    /// <summary>
    /// Runs in the appending transaction, after its rows are written and before its commit: a signal that crosses hosts
    /// sends its notice here, so that it goes out when (and only if) the rows are committed.
    /// </summary>
    ValueTask EnlistAsync(DbContext db, string conversationId, long watermark, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>
    /// What <see cref="EnlistAsync"/> runs, as a statement a unit of work sends with its next one (<see cref="Regin.Core.Persistence.ConnectionPrelude"/>:
    /// a chat turn's, ahead of its transcript's INSERT); null where there is none (the caller runs <see cref="EnlistAsync"/>).
    /// </summary>
    Regin.Core.Persistence.ConnectionPrelude.Statement? EnlistStatement(string conversationId, long watermark) => null;

    /// <summary>
    /// Calls <paramref name="onAppended"/> (with the watermark, or 0 when it is not known: read to see) after each append to
    /// the conversation, until disposed. The callback must be quick and must not throw.</summary>
    IDisposable Subscribe(string conversationId, Action<long> onAppended);

    /// <summary>
    /// <see cref="PublishAsync(string, long, CancellationToken)"/> with the committed rows themselves (this host's own
    /// append, ending at <paramref name="watermark"/>): a listener that has everything before them sends them without
    /// reading them back (<see cref="DirectLineStream"/>). A signal that cannot carry them tells the watermark alone.
    /// </summary>
    ValueTask PublishAsync(string conversationId, long watermark, IReadOnlyList<DirectLineActivity> rows, CancellationToken cancellationToken = default) =>
        PublishAsync(conversationId, watermark, cancellationToken);

    /// <summary>
    /// <see cref="Subscribe(string, Action{long})"/>, the callback also getting the committed rows when the publisher
    /// had them (<see cref="PublishAsync(string, long, IReadOnlyList{DirectLineActivity}, CancellationToken)"/>), null otherwise.
    /// </summary>
    IDisposable Subscribe(string conversationId, Action<long, IReadOnlyList<DirectLineActivity>?> onAppended) =>
        Subscribe(conversationId, watermark => onAppended(watermark, null));

    /// <summary>
    /// Calls <paramref name="committed"/> with the conversation and its position for every append another host tells of
    /// (for the life of the signal; quick, never throwing): <see cref="DirectLineStore"/> keeps the last positions it saw.
    /// A signal within one process has no other host: nothing.
    /// </summary>
    void Observe(Action<string, long> committed)
    {
    }
}
