using Microsoft.Extensions.AI;
using Switchboard.Audio.Vad;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Transports;

namespace Switchboard.Bench.Engine;

/// <summary>
/// One call under measurement: a real <see cref="CallSession"/> over an <see cref="InMemoryMediaChannel"/>, its
/// latency events, and a reader of the agent side that counts frames and notes where the agent audio was cleared.
/// One caller-side writer.
/// </summary>
internal sealed class BenchCall : IAsyncDisposable
{
    private readonly Task _drain;
    private long _agentFrames;
    private long _framesAfterClear = -1;
    private long _clears;

    public BenchCall(string id, AgentDefinition agent, IResponseEngine engine, ISpeechToTextClient stt, ITextToSpeechClient tts,
        IVoiceActivityDetector vad, int inputCapacity = 4)
    {
        Channel = new InMemoryMediaChannel(16_000, inputCapacity);
        var call = new CallContext { CallId = id, OrganizationId = "org_bench", Agent = agent };
        Session = new CallSession(call, Channel, engine, stt, tts, vad, [Observer]);
        Run = Session.RunAsync(CancellationToken.None);
        _drain = DrainAsync();
    }

    public InMemoryMediaChannel Channel { get; }
    public CallSession Session { get; }
    public LatencyObserver Observer { get; } = new();
    public Task<string> Run { get; }

    public long AgentFrames => Interlocked.Read(ref _agentFrames);

    /// <summary>Agent audio frames sent after the first clear (barge-in); -1 before any clear.</summary>
    public long FramesAfterClear => Interlocked.Read(ref _framesAfterClear);

    public long Clears => Interlocked.Read(ref _clears);

    public static AgentDefinition Agent(double interruptionSensitivity = 0.8) => new()
    {
        Id = "agent_bench",
        Engine = ResponseEngineKind.Flow,
        ReminderAfterMs = null,
        InterruptionSensitivity = interruptionSensitivity,
    };

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            try
            {
                await Channel.CallerHangUpAsync("bench over", CancellationToken.None).ConfigureAwait(false);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
            }
        }
        await Run.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        await Channel.DisposeAsync().ConfigureAwait(false);
        await _drain.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        await Session.DisposeAsync().ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        await foreach (var output in Channel.AgentOutputs.ReadAllAsync().ConfigureAwait(false))
        {
            if (output.Kind == AgentOutputKind.Audio)
            {
                output.Frame.Dispose();
                Interlocked.Increment(ref _agentFrames);
                if (Interlocked.Read(ref _framesAfterClear) >= 0) Interlocked.Increment(ref _framesAfterClear);
            }
            else if (output.Kind == AgentOutputKind.Clear)
            {
                if (Interlocked.Increment(ref _clears) == 1) Interlocked.Exchange(ref _framesAfterClear, 0);
            }
        }
    }
}
