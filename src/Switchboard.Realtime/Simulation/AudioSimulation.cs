using Microsoft.Extensions.AI;
using Switchboard.Audio.Vad;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Transports;

#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x

namespace Switchboard.Realtime.Simulation;

/// <summary>
/// Plays a recording into a full call (VAD, recognizer, turn taking, engine, TTS, playout) over an in-memory channel
/// at 16 kHz, in real time, and returns the conversation as one track: what <c>switchboard call simulate --audio</c> does.
/// </summary>
public static class AudioSimulation
{
    /// <summary>The rate of the simulated line and of the returned mix.</summary>
    public const int SampleRate = 16_000;

    /// <summary>
    /// Runs the call: <paramref name="callerAudio"/> (16 kHz), then silence until the agent has been quiet for
    /// <paramref name="settle"/> (at most <paramref name="maxTail"/>), then the caller hangs up.
    /// </summary>
    /// <returns>Caller and agent mixed on the call's timeline, and why the call ended.</returns>
    public static async Task<(short[] Mix, string EndReason)> RunAsync(CallContext call, IResponseEngine engine, ReadOnlyMemory<short> callerAudio,
        ISpeechToTextClient stt, ITextToSpeechClient tts, SileroVadModel vad, IEnumerable<ICallObserver> observers, TimeSpan settle, TimeSpan maxTail,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        await using var channel = new InMemoryMediaChannel(SampleRate, time: call.Time);
        await using var session = new CallSession(call, channel, engine, stt, tts,
            vad.CreateDetector(CallSession.RecognizerRate, CallSession.VadOptionsFor(call.Agent)), observers);
        var agentTrack = new List<(long At, short[] Samples)>();
        var lastAgentFrame = 0L;
        var collect = Task.Run(async () =>
        {
            await foreach (var output in channel.AgentOutputs.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (output.Kind != AgentOutputKind.Audio) continue;
                using var frame = output.Frame;
                lock (agentTrack) agentTrack.Add((output.AtCallerFrame, frame.Samples.ToArray()));
                Interlocked.Exchange(ref lastAgentFrame, output.AtCallerFrame);
            }
        }, CancellationToken.None);
        var run = session.RunAsync(cancellationToken);

        var pacer = new RealTimePacer(call.Time, channel.FrameDuration);
        var frameLength = channel.FrameLength;
        long sent = 0;
        try
        {
            for (var offset = 0; offset < callerAudio.Length && !run.IsCompleted; offset += frameLength)
            {
                await pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
                await channel.SendCallerAudioAsync(callerAudio.Slice(offset, Math.Min(frameLength, callerAudio.Length - offset)), cancellationToken).ConfigureAwait(false);
                sent++;
            }
            var settleFrames = (long)(settle / channel.FrameDuration);
            var tailFrames = (long)(maxTail / channel.FrameDuration);
            for (long i = 0; i < tailFrames && !run.IsCompleted; i++)
            {
                if (sent - Interlocked.Read(ref lastAgentFrame) > settleFrames && i > settleFrames) break;
                await pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
                await channel.SendCallerSilenceAsync(channel.FrameDuration, cancellationToken).ConfigureAwait(false);
                sent++;
            }
            if (!run.IsCompleted) await channel.CallerHangUpAsync("simulation over", cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The agent hung up while the caller was still talking.
        }
        var reason = await run.ConfigureAwait(false);
        await channel.DisposeAsync().ConfigureAwait(false);
        await collect.ConfigureAwait(false);
        return (Mix(callerAudio.Span, agentTrack, frameLength, sent), reason);
    }

    private static short[] Mix(ReadOnlySpan<short> caller, List<(long At, short[] Samples)> agent, int frameLength, long framesSent)
    {
        var end = Math.Max(caller.Length, framesSent * frameLength);
        foreach (var (at, samples) in agent) end = Math.Max(end, at * frameLength + samples.Length);
        var mix = new int[end];
        for (var i = 0; i < caller.Length; i++) mix[i] = caller[i];
        foreach (var (at, samples) in agent)
        {
            // A frame sent while the session handled caller frame n plays during frame n.
            var start = Math.Max(0, (at - 1) * frameLength);
            for (var i = 0; i < samples.Length && start + i < mix.Length; i++) mix[start + i] += samples[i];
        }
        var result = new short[end];
        for (var i = 0; i < end; i++) result[i] = (short)Math.Clamp(mix[i], short.MinValue, short.MaxValue);
        return result;
    }
}
