using Switchboard.Speech.Failover;

namespace Switchboard.Speech.Tests.Failover;

public sealed class ReplayableStreamTests
{
    [Fact]
    public async Task Replays_what_was_read_then_the_rest()
    {
        byte[] data = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var stream = new ReplayableStream(new MemoryStream(data), 1000);
        byte[] buffer = new byte[30];
        Assert.Equal(30, await stream.ReadAsync(buffer));

        using var replay = stream.Replay();
        using var all = new MemoryStream();
        await replay.CopyToAsync(all);

        Assert.Equal(data, all.ToArray());
    }

    [Fact]
    public void Past_the_limit_nothing_is_kept()
    {
        var stream = new ReplayableStream(new MemoryStream(new byte[100]), 50);
        Assert.Equal(60, stream.Read(new byte[60], 0, 60));

        Assert.False(stream.CanReplay);
        Assert.Throws<InvalidOperationException>(() => stream.Replay());
    }
}
