using System.Threading.Channels;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Transports;

namespace Switchboard.Realtime.Tests.Sessions;

public sealed class MediaInputWaiterTests
{
    private static Channel<MediaInput> NewChannel() =>
        Channel.CreateBounded<MediaInput>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });

    [Fact]
    public async Task A_pending_wait_ends_with_input_and_again_with_the_next_input()
    {
        var channel = NewChannel();
        using var cts = new CancellationTokenSource();
        using var waiter = new MediaInputWaiter(channel.Reader, cts.Token);
        for (var i = 0; i < 3; i++)
        {
            var wait = waiter.WaitAsync();
            Assert.False(wait.IsCompleted);
            Assert.True(channel.Writer.TryWrite(MediaInput.ForDigit('1')));
            Assert.True(await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(channel.Reader.TryRead(out _));
        }
    }

    [Fact]
    public async Task Completed_input_ends_the_wait_with_false()
    {
        var channel = NewChannel();
        using var waiter = new MediaInputWaiter(channel.Reader, CancellationToken.None);
        var wait = waiter.WaitAsync();
        channel.Writer.Complete();
        Assert.False(await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Cancelling_ends_a_pending_wait_with_OperationCanceledException_and_later_waits_throw_at_once()
    {
        var channel = NewChannel();
        using var cts = new CancellationTokenSource();
        using var waiter = new MediaInputWaiter(channel.Reader, cts.Token);
        var wait = waiter.WaitAsync().AsTask();
        await cts.CancelAsync();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(cts.Token, thrown.CancellationToken);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiter.WaitAsync());
        // Input arriving after the cancellation is left for nobody, without an error escaping.
        Assert.True(channel.Writer.TryWrite(MediaInput.ForDigit('2')));
    }
}
