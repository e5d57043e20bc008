using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Switchboard.Audio.G711;
using Switchboard.Audio.Resampling;
using Switchboard.Audio.Vad;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Simulation;
using Switchboard.Realtime.Tests.Sessions;
using Switchboard.Realtime.Transports.Twilio;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;

#pragma warning disable MEAI001

namespace Switchboard.Realtime.Tests.Transports.Twilio;

/// <summary>
/// A whole call over Twilio Media Streams: a real <see cref="CallSession"/> (flite, pocketsphinx, Silero) on a
/// <see cref="TwilioMediaChannel"/>, and the fake vendor playing the caller: one μ-law frame every 20 ms of real time
/// (speech when the test says something, silence otherwise), while its playout buffer plays one agent frame per tick.
/// </summary>
internal sealed class TwilioCallHarness : IAsyncDisposable
{
    private static readonly Lazy<FliteTextToSpeechClient> Tts = new(() => new FliteTextToSpeechClient());
    private static readonly Lazy<PocketSphinxSpeechToTextClient> Stt =
        new(() => new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 2 }));
    private static readonly Lazy<SileroVadModel> Vad = new(SileroVadModel.LoadEmbedded);

    private readonly CancellationTokenSource _cts = new(TimeSpan.FromMinutes(2));
    private readonly CancellationTokenSource _stopPump = new();
    private readonly ConcurrentQueue<byte[]> _speech = new();
    private readonly WebSocketPair _pair;
    private Task _pump = Task.CompletedTask;

    private TwilioCallHarness(WebSocketPair pair, FakeMediaStreamPeer peer, TwilioMediaChannel channel, CallSession session, RecordingObserver observer)
    {
        _pair = pair;
        Observer = observer;
        Peer = peer;
        Channel = channel;
        Session = session;
    }

    public FakeMediaStreamPeer Peer { get; }
    public TwilioMediaChannel Channel { get; }
    public CallSession Session { get; }
    public RecordingObserver Observer { get; }
    public Task<string> Run { get; private set; } = Task.FromResult("");

    public static async Task<TwilioCallHarness> StartAsync(AgentDefinition agent, IResponseEngine engine)
    {
        var pair = await WebSocketPair.CreateAsync();
        var peer = new FakeMediaStreamPeer(pair.Client) { InstantPlayout = false };
        var accept = TwilioMediaChannel.AcceptAsync(pair.Server);
        await peer.SendConnectedAsync();
        await peer.SendStartAsync(new Dictionary<string, string> { ["token"] = "t" });
        var channel = await accept.WaitAsync(TimeSpan.FromSeconds(10));
        var call = new CallContext { CallId = "call_twilio", OrganizationId = "org_test", Agent = agent };
        var observer = new RecordingObserver();
        var session = new CallSession(call, channel, engine, Stt.Value, Tts.Value,
            Vad.Value.CreateDetector(CallSession.RecognizerRate, CallSession.VadOptionsFor(agent)), [observer]);
        var harness = new TwilioCallHarness(pair, peer, channel, session, observer);
        harness.Run = session.RunAsync(harness._cts.Token);
        harness._pump = harness.PumpAsync();
        return harness;
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The caller says <paramref name="text"/>; returns once the last frame of it has been sent.</summary>
    public async Task SayAsync(string text)
    {
        var response = await Tts.Value.GetAudioAsync(text, new TextToSpeechOptions { AudioFormat = "audio/pcm" }, _cts.Token);
        var bytes = ((DataContent)response.Contents[0]).Data.ToArray();
        var wide = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, wide, 0, wide.Length * 2);
        var resampler = new Resampler(16_000, 8000);
        var narrow = new short[resampler.MaxOutputLength(wide.Length)];
        var length = resampler.Process(wide, narrow);
        for (var offset = 0; offset + 160 <= length; offset += 160)
        {
            var codes = new byte[160];
            MuLaw.Encode(narrow.AsSpan(offset, 160), codes);
            _speech.Enqueue(codes);
        }
        while (!_speech.IsEmpty) await Task.Delay(20, _cts.Token);
    }

    /// <summary>Stops the caller's audio (before <c>stop</c>, as Twilio sends nothing after it).</summary>
    public async Task StopPumpAsync()
    {
        await _stopPump.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopPumpAsync();
        if (!Run.IsCompleted) await Peer.SendStopAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(30));
        await Channel.DisposeAsync();
        await Session.DisposeAsync();
        await Peer.DisposeAsync();
        _pair.Dispose();
        _cts.Dispose();
        _stopPump.Dispose();
    }

    private async Task PumpAsync()
    {
        await Task.Yield();
        using var link = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token, _stopPump.Token);
        var pacer = new RealTimePacer(TimeProvider.System, TimeSpan.FromMilliseconds(20));
        var silence = new byte[160];
        Array.Fill(silence, (byte)0xFF);
        while (!link.IsCancellationRequested && !Run.IsCompleted)
        {
            try
            {
                await pacer.WaitAsync(link.Token);
                await Peer.SendMediaAsync(_speech.TryDequeue(out var frame) ? frame : silence);
                await Peer.PlayFrames(1);
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                return; // the call is over
            }
        }
    }
}
