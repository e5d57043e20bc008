using Switchboard.Realtime.Simulation;
using Switchboard.Realtime.TurnTaking;
using Switchboard.Speech.PocketSphinx;

namespace Switchboard.Bench.Engine;

/// <summary>
/// Goal 2: end of the caller's speech to the first agent audio frame with the real offline providers (flite speaks,
/// pocketsphinx listens, Silero decides speech), caller paced in real time, compared with the endpointing silence.
/// </summary>
internal static class LatencyRun
{
    public static async Task RunAsync(Shared shared, BenchArgs args)
    {
        var turns = args.Int("turns", 8);
        using var stt = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 2 });
        var agent = BenchCall.Agent();
        var silence = TurnDetectorOptions.EndpointingSilence(agent.Responsiveness);
        var engine = new BenchEngine(Shared.Greeting, Shared.Reply);
        var call = new BenchCall("call_latency", agent, engine, stt, shared.Flite, shared.Vad("silero", agent));
        var pacer = new RealTimePacer(TimeProvider.System, call.Channel.FrameDuration);
        var frame = call.Channel.FrameLength;
        await using (call.ConfigureAwait(false))
        {
            await QuietAsync(call, pacer).ConfigureAwait(false);
            for (var turn = 1; turn <= turns; turn++)
            {
                for (var offset = 0; offset < shared.CallerAudio.Length; offset += frame)
                {
                    await pacer.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                    var count = Math.Min(frame, shared.CallerAudio.Length - offset);
                    await call.Channel.SendCallerAudioAsync(shared.CallerAudio.AsMemory(offset, count), CancellationToken.None).ConfigureAwait(false);
                }
                for (var waited = 0; call.Observer.Latencies.Count < turn && waited < 500; waited++)
                {
                    await pacer.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                    await call.Channel.SendCallerSilenceAsync(call.Channel.FrameDuration, CancellationToken.None).ConfigureAwait(false);
                }
                await QuietAsync(call, pacer).ConfigureAwait(false);
            }
        }

        Console.WriteLine($"endpointing silence (responsiveness {agent.Responsiveness}): {silence.TotalMilliseconds} ms; goal: first frame <= {silence.TotalMilliseconds + 150} ms");
        var sent = new List<double>();
        foreach (var l in call.Observer.Latencies)
        {
            Console.WriteLine($"turn {l.Turn}: stt final/turn detected {Ms(l.SttFinal)}, first text {Ms(l.FirstText)}, first audio (flite) {Ms(l.FirstAudio)}, " +
                $"first frame sent {Ms(l.FirstFrameSent)}");
            if (l.FirstFrameSent is { } f) sent.Add(f.TotalMilliseconds);
        }
        Console.WriteLine($"end of speech -> first agent frame: {Percentiles.Summary(sent)}");
    }

    private static string Ms(TimeSpan? value) => value is { } v ? $"{v.TotalMilliseconds:F0} ms" : "-";

    private static async Task QuietAsync(BenchCall call, RealTimePacer pacer)
    {
        var last = -1L;
        var stable = 0;
        for (var i = 0; (stable < 25 || call.AgentFrames == 0) && i < 1500; i++)
        {
            await pacer.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            await call.Channel.SendCallerSilenceAsync(call.Channel.FrameDuration, CancellationToken.None).ConfigureAwait(false);
            var frames = call.AgentFrames;
            stable = frames == last ? stable + 1 : 0;
            last = frames;
        }
    }
}
