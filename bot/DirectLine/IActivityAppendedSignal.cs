namespace Regin.Bot.DirectLine;

/// <summary>
/// "An activity was appended to conversation X (up to watermark W)": published after the transcript's commit, heard by the
/// open WebSocket streams of that conversation, which then read the new rows from the database. The signal carries no
/// activity, so losing one only delays a stream until the next signal or keep-alive; the database stays the truth.
/// In one process <see cref="InProcessActivityAppendedSignal"/>; several hosts need an implementation that crosses them
/// (PostgreSQL LISTEN/NOTIFY, for instance) registered instead.
/// </summary>
public interface IActivityAppendedSignal
{
    /// <summary>Tells every listener of <paramref name="conversationId"/> that its transcript now reaches <paramref name="watermark"/>.</summary>
    ValueTask PublishAsync(string conversationId, long watermark, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="onAppended"/> (with the watermark) after each append to the conversation, until disposed. The callback must be quick and must not throw.</summary>
    IDisposable Subscribe(string conversationId, Action<long> onAppended);
}
