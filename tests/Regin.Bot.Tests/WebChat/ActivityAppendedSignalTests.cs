using Regin.Bot.DirectLine;

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
}
