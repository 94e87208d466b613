using System.Threading.Channels;
using Regin.Bot.DirectLine;
using Regin.Core.Persistence.Entities;

namespace Regin.Bot.Tests.WebChat;

/// <summary>The in-process "activity appended" signal behind the Direct Line streams.</summary>
public sealed class ActivityAppendedSignalTests
{
    [Fact]
    public async Task Listeners_hear_their_own_conversation_only_and_are_forgotten_once_disposed()
    {
        var signal = new InProcessActivityAppendedSignal();
        var heardA = new List<long>();
        var heardB = new List<long>();
        var a1 = signal.Subscribe("a", heardA.Add);
        var a2 = signal.Subscribe("a", heardA.Add);
        using (signal.Subscribe("b", heardB.Add))
        {
            await signal.PublishAsync("a", 3);
            await signal.PublishAsync("b", 7);
            await signal.PublishAsync("nobody", 1);
            Assert.Equal(2, signal.ListenedConversations);
        }

        Assert.Equal([3L, 3L], heardA);
        Assert.Equal([7L], heardB);
        a1.Dispose();
        a1.Dispose();
        await signal.PublishAsync("a", 4);
        Assert.Equal([3L, 3L, 4L], heardA);
        a2.Dispose();
        Assert.Equal(0, signal.ListenedConversations);
        await signal.PublishAsync("a", 5);
        Assert.Equal(3, heardA.Count);
    }

    [Fact]
    public async Task Subscribing_and_leaving_at_once_from_many_threads_loses_no_listener()
    {
        var signal = new InProcessActivityAppendedSignal();
        var heard = 0;
        using var steady = signal.Subscribe("c", _ => Interlocked.Increment(ref heard));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                signal.Subscribe("c", _ => { }).Dispose();
                signal.Subscribe("d", _ => { }).Dispose();
            }
        })));

        await signal.PublishAsync("c", 1);
        Assert.Equal(1, heard);
        Assert.Equal(1, signal.ListenedConversations);
    }

    [Fact]
    public async Task A_listener_gets_the_committed_rows_with_the_position_and_an_old_style_listener_the_position_alone()
    {
        var signal = new InProcessActivityAppendedSignal();
        IActivityAppendedSignal asSignal = signal;
        var withRows = new List<(long, IReadOnlyList<DirectLineActivity>?)>();
        var positions = new List<long>();
        using var a = asSignal.Subscribe("a", (position, rows) => withRows.Add((position, rows)));
        using var b = asSignal.Subscribe("a", positions.Add);

        await asSignal.PublishAsync("a", 2, [Row(1), Row(2)]);
        await asSignal.PublishAsync("a", 3);
        signal.WakeAll();

        Assert.Equal([1L, 2L], withRows[0].Item2!.Select(r => r.Watermark));
        Assert.Equal((3L, (IReadOnlyList<DirectLineActivity>?)null), withRows[1]);
        Assert.Equal((0L, (IReadOnlyList<DirectLineActivity>?)null), withRows[2]);
        Assert.Equal([2L, 3L, 0L], positions);
    }

    [Fact]
    public void The_stream_sends_pushed_rows_only_when_they_follow_on_whole_and_otherwise_reads()
    {
        // Following on from watermark 2 to the last position told: sent as they are, each once, in order.
        Assert.Equal([3L, 4L, 5L], Watermarks(Pushed(2, (5, [Row(5)]), (4, [Row(3), Row(4)]))));
        // Rows the client has already (a read raced the signal) are dropped; nothing new is an empty set, not a read.
        Assert.Equal([4L], Watermarks(Pushed(3, (3, [Row(2), Row(3)]), (4, [Row(3), Row(4)]))));
        Assert.Empty(Pushed(4, (4, [Row(3), Row(4)]))!);
        Assert.Empty(Pushed(4)!);
        // Read instead: a position told without rows (another host's, a wake), a gap, a position beyond the rows, too many.
        Assert.Null(Pushed(2, (3, [Row(3)]), (4, null)));
        Assert.Null(Pushed(2, (0, null)));
        Assert.Null(Pushed(2, (4, [Row(4)])));
        Assert.Null(Pushed(2, (5, [Row(3), Row(4)])));
        Assert.Null(DirectLineStream.TakePushed(Pending((4, [Row(3), Row(4)])), 2, max: 1));
    }

    private static IReadOnlyList<DirectLineActivity>? Pushed(long watermark, params (long Position, DirectLineActivity[]? Rows)[] told) =>
        DirectLineStream.TakePushed(Pending(told), watermark, max: 100);

    private static ChannelReader<DirectLineStream.Appended> Pending(params (long Position, DirectLineActivity[]? Rows)[] told)
    {
        var channel = Channel.CreateUnbounded<DirectLineStream.Appended>();
        foreach (var (position, rows) in told)
        {
            channel.Writer.TryWrite(new DirectLineStream.Appended(position, rows));
        }
        return channel.Reader;
    }

    private static IEnumerable<long> Watermarks(IReadOnlyList<DirectLineActivity>? rows) => rows!.Select(r => r.Watermark);

    private static DirectLineActivity Row(long watermark) =>
        new() { ConversationId = "a", Watermark = watermark, ActivityId = $"a|{watermark:D7}", Json = "{}", CreatedAt = DateTimeOffset.UnixEpoch };
}
