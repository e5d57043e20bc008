using Microsoft.Extensions.AI;
using Switchboard.Audio.Resampling;
using Switchboard.Audio.Vad;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Transports;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;

#pragma warning disable MEAI001

namespace Switchboard.Realtime.Tests.Sessions;

/// <summary>
/// Runs one call through a real <see cref="CallSession"/> with the offline engines (flite speaks for both sides,
/// pocketsphinx listens, Silero decides speech) over an <see cref="InMemoryMediaChannel"/>, and plays the caller.
/// </summary>
internal sealed class CallHarness : IAsyncDisposable
{
    internal static readonly Lazy<FliteTextToSpeechClient> SharedTts = new(() => new FliteTextToSpeechClient());
    internal static readonly Lazy<PocketSphinxSpeechToTextClient> SharedStt =
        new(() => new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 4 }));
    internal static readonly Lazy<SileroVadModel> SharedVad = new(SileroVadModel.LoadEmbedded);

    private readonly CancellationTokenSource _cts = new(TimeSpan.FromMinutes(2));
    private readonly Task _drain;
    private long _agentFrames;
    private long _firstAgentFrameAt = -1;
    private readonly Switchboard.Realtime.Simulation.RealTimePacer _pacer = new(TimeProvider.System, TimeSpan.FromMilliseconds(20));

    public CallHarness(AgentDefinition agent, IResponseEngine engine, int sampleRate = 16_000, CallSessionOptions? options = null,
        ISpeechToTextClient? stt = null, ITextToSpeechClient? tts = null, bool captureAgentAudio = false)
    {
        Channel = new InMemoryMediaChannel(sampleRate);
        AgentAudio = captureAgentAudio ? [] : null;
        var call = new CallContext { CallId = "call_test", OrganizationId = "org_test", Agent = agent };
        Session = new CallSession(call, Channel, engine, stt ?? SharedStt.Value, tts ?? SharedTts.Value,
            SharedVad.Value.CreateDetector(CallSession.RecognizerRate, CallSession.VadOptionsFor(agent)), [Observer], options);
        Run = Session.RunAsync(_cts.Token);
        _drain = DrainAsync();
    }

    public InMemoryMediaChannel Channel { get; }
    public CallSession Session { get; }
    public RecordingObserver Observer { get; } = new();
    public Task<string> Run { get; }
    public List<AgentOutput> Outputs { get; } = [];

    /// <summary>Every sample the agent sent, in order, when the harness was asked to capture them (lock it to read).</summary>
    public List<short>? AgentAudio { get; }
    public long AgentFrames => Interlocked.Read(ref _agentFrames);
    public CancellationToken Token => _cts.Token;

    public static AgentDefinition Agent(Func<AgentDefinition, AgentDefinition>? tune = null)
    {
        var agent = new AgentDefinition { Id = "agent_test", Engine = ResponseEngineKind.Flow, ReminderAfterMs = null };
        return tune is null ? agent : tune(agent);
    }

    /// <summary>The caller says <paramref name="text"/> (flite) at the channel's rate.</summary>
    public async Task SayAsync(string text)
    {
        var response = await SharedTts.Value.GetAudioAsync(text, new TextToSpeechOptions { AudioFormat = "audio/pcm" }, _cts.Token);
        var data = (DataContent)response.Contents[0];
        var bytes = data.Data.ToArray();
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        if (Channel.SampleRate != 16_000)
        {
            var resampler = new Resampler(16_000, Channel.SampleRate);
            var up = new short[resampler.MaxOutputLength(samples.Length)];
            samples = up.AsSpan(0, resampler.Process(samples, up)).ToArray();
        }
        var frame = Channel.FrameLength;
        for (var offset = 0; offset < samples.Length; offset += frame)
        {
            await PaceAsync();
            await Channel.SendCallerAudioAsync(samples.AsMemory(offset, Math.Min(frame, samples.Length - offset)), _cts.Token);
        }
    }

    /// <summary>
    /// Real time: the recognizer and TTS run at their own speed, so the caller must not outrun the clock a transport
    /// would impose.
    /// </summary>
    private Task PaceAsync() => _pacer.WaitAsync(_cts.Token).AsTask();

    /// <summary>Presses digits (between paced frames).</summary>
    public Task PressAsync(string digits) => Channel.PressDigitsAsync(digits, _cts.Token).AsTask();

    /// <summary>Sends silence frame by frame until <paramref name="done"/> holds or <paramref name="max"/> of media time has passed.</summary>
    public async Task<bool> SilenceUntilAsync(Func<bool> done, TimeSpan max)
    {
        for (var t = TimeSpan.Zero; t < max; t += Channel.FrameDuration)
        {
            if (done() || Run.IsCompleted) return done();
            await PaceAsync();
            try
            {
                await Channel.SendCallerSilenceAsync(Channel.FrameDuration, _cts.Token);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                // The session hung up; let it finish before judging.
                await Run.WaitAsync(TimeSpan.FromSeconds(30));
                return done();
            }
        }
        return done();
    }

    /// <summary>Sends silence until the agent has sent audio and then been quiet for <paramref name="quiet"/>.</summary>
    public Task<bool> ListenToAgentAsync(TimeSpan max, TimeSpan? quiet = null)
    {
        var gap = (long)((quiet ?? TimeSpan.FromMilliseconds(400)) / Channel.FrameDuration);
        var startFrames = AgentFrames;
        long lastCount = -1, stableSince = 0;
        return SilenceUntilAsync(() =>
        {
            var frames = AgentFrames;
            if (frames != lastCount)
            {
                lastCount = frames;
                stableSince = Channel.CallerFramesRead;
            }
            return frames > startFrames && Channel.CallerFramesRead - stableSince >= gap;
        }, max);
    }

    /// <summary>Completes once everything the agent sent has been counted (after the agent hung up).</summary>
    public Task Drained => _drain;

    public long FirstAgentFrameAt => Interlocked.Read(ref _firstAgentFrameAt);

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            try
            {
                await Channel.CallerHangUpAsync("test over", CancellationToken.None);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
            }
        }
        await Run.WaitAsync(TimeSpan.FromSeconds(30));
        await Channel.DisposeAsync();
        await _drain.WaitAsync(TimeSpan.FromSeconds(30));
        await Session.DisposeAsync();
        _cts.Dispose();
    }

    private async Task DrainAsync()
    {
        await foreach (var output in Channel.AgentOutputs.ReadAllAsync())
        {
            if (output.Kind == AgentOutputKind.Audio)
            {
                if (AgentAudio is { } audio) lock (audio) audio.AddRange(output.Frame.Samples);
                output.Frame.Dispose();
                Interlocked.CompareExchange(ref _firstAgentFrameAt, output.AtCallerFrame, -1);
                Interlocked.Increment(ref _agentFrames);
                continue;
            }
            lock (Outputs) Outputs.Add(output);
        }
    }
}
