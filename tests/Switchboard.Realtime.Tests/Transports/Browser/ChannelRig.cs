using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.Frames;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Browser;

namespace Switchboard.Realtime.Tests.Transports.Browser;

/// <summary>A <see cref="BrowserMediaChannel"/> on virtual time with an in-memory browser on the other end.</summary>
internal sealed class ChannelRig : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    private readonly WebSocketPair _pair = new();

    public ChannelRig(BrowserMediaChannelOptions? options = null)
    {
        Channel = new BrowserMediaChannel(_pair.Server, "call_web1", "agent_web1", options, Time);
        Client = new BrowserClient(_pair.Client);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public BrowserMediaChannel Channel { get; }
    public BrowserClient Client { get; }
    public System.Net.WebSockets.WebSocket ServerSocket => _pair.Server;

    /// <summary>Starts the channel and takes the frame its clock delivers at once.</summary>
    public async Task StartAsync()
    {
        Channel.Start();
        var first = await NextAsync();
        Assert.Equal(MediaInputKind.Audio, first.Kind);
        Assert.Equal(0, first.Frame.Timestamp);
        first.Frame.Dispose();
    }

    public async Task<MediaInput> NextAsync() => await Channel.Input.ReadAsync().AsTask().WaitAsync(Bound);

    /// <summary>Advances one frame period and returns the frame the clock delivered (the caller disposes it).</summary>
    public async Task<MediaInput> TickAsync()
    {
        Time.Advance(Frame);
        var input = await NextAsync();
        Assert.Equal(MediaInputKind.Audio, input.Kind);
        return input;
    }

    /// <summary>Advances <paramref name="frames"/> frame periods, dropping what the clock delivers.</summary>
    public async Task TicksAsync(int frames, Func<Task>? eachTick = null)
    {
        for (var i = 0; i < frames; i++)
        {
            (await TickAsync()).Frame.Dispose();
            if (eachTick is not null) await eachTick();
        }
    }

    public static AudioFrame Tone(int amplitude = 4000, int length = 320)
    {
        var frame = AudioFrame.Rent(16_000, length, 0, DateTimeOffset.UnixEpoch);
        for (var i = 0; i < length; i++) frame.Samples[i] = (short)(i % 2 == 0 ? amplitude : -amplitude);
        return frame;
    }

    public static AudioFrame Quiet(int length = 320) => AudioFrame.Rent(16_000, length, 0, DateTimeOffset.UnixEpoch);

    public static short[] Ramp(int length)
    {
        var samples = new short[length];
        for (var i = 0; i < length; i++) samples[i] = (short)(i * 7 - 3000);
        return samples;
    }

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync().AsTask().WaitAsync(Bound);
        await Client.DisposeAsync();
        _pair.Dispose();
    }
}
