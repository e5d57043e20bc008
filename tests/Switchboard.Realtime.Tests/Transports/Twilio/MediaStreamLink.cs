using Microsoft.Extensions.Time.Testing;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.Realtime.Tests.Transports.Twilio;

/// <summary>A channel accepted over a real WebSocket from a fake vendor, and everything to tear both down.</summary>
internal sealed class MediaStreamLink : IAsyncDisposable
{
    private readonly WebSocketPair _pair;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(30));

    private MediaStreamLink(WebSocketPair pair, FakeMediaStreamPeer peer, TwilioMediaChannel channel)
    {
        _pair = pair;
        Peer = peer;
        Channel = channel;
    }

    public FakeMediaStreamPeer Peer { get; }
    public TwilioMediaChannel Channel { get; }
    public CancellationToken Token => _cts.Token;

    public static async Task<MediaStreamLink> OpenAsync(TwilioMediaChannelOptions? options = null, bool telnyx = false,
        IReadOnlyDictionary<string, string>? parameters = null, string? encoding = null)
    {
        var pair = await WebSocketPair.CreateAsync();
        var peer = new FakeMediaStreamPeer(pair.Client, telnyx);
        var accept = TwilioMediaChannel.AcceptAsync(pair.Server, options ?? new TwilioMediaChannelOptions { Time = new FakeTimeProvider() });
        await peer.SendConnectedAsync();
        await peer.SendStartAsync(parameters, encoding);
        var channel = await accept.WaitAsync(TimeSpan.FromSeconds(10));
        return new MediaStreamLink(pair, peer, channel);
    }

    /// <summary>The next input, bounded so a broken channel fails the test instead of hanging it.</summary>
    public async Task<MediaInput> ReadAsync() => await Channel.Input.ReadAsync(_cts.Token);

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync();
        await Peer.DisposeAsync();
        _pair.Dispose();
        _cts.Dispose();
    }
}
