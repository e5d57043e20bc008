namespace Switchboard.Bench.Engine;

/// <summary>
/// Goal 1: the engine's own time per turn. One call, Silero VAD, a scripted STT, <see cref="BenchEngine"/> and the
/// <see cref="InstantTextToSpeech"/> stub; the caller writes frames as fast as the session takes them (no pacing), so
/// the wall time from turn detection to the first frame sent is the engine's loops and hand-offs, minus what the stubs
/// themselves took.
/// </summary>
internal static class OverheadRun
{
    public static async Task RunAsync(Shared shared, BenchArgs args)
    {
        var turns = args.Int("turns", 300);
        var clock = new ProviderClock();
        var agent = BenchCall.Agent();
        var engine = new BenchEngine(Shared.Greeting, Shared.Reply, clock);
        var tts = new InstantTextToSpeech(shared.ReplyPcm, clock);
        var call = new BenchCall("call_overhead", agent, engine, new ScriptedSpeechToText(Shared.CallerPhrase), tts, shared.Vad("silero", agent));
        await using (call.ConfigureAwait(false))
        {
            await QuietAsync(call).ConfigureAwait(false);
            for (var turn = 1; turn <= turns; turn++)
            {
                await call.Channel.SendCallerAudioAsync(shared.CallerAudio, CancellationToken.None).ConfigureAwait(false);
                while (call.Observer.Latencies.Count < turn)
                {
                    await call.Channel.SendCallerSilenceAsync(call.Channel.FrameDuration, CancellationToken.None).ConfigureAwait(false);
                }
                await QuietAsync(call).ConfigureAwait(false);
            }
        }

        var overhead = new List<double>();
        var raw = new List<double>();
        var provider = new List<double>();
        foreach (var latency in call.Observer.Latencies)
        {
            if (latency.FirstFrameSent is not { } sent || latency.SttFinal is not { } detected) continue;
            var inProvider = clock.For(latency.Turn);
            raw.Add((sent - detected).TotalMilliseconds);
            provider.Add(inProvider.TotalMilliseconds);
            overhead.Add((sent - detected - inProvider).TotalMilliseconds);
        }
        // The first turns include JIT and pool warm-up; report them apart.
        var warm = Math.Min(10, overhead.Count);
        Console.WriteLine($"turns measured: {overhead.Count} (first {warm} are warm-up and excluded below)");
        Console.WriteLine($"warm-up turns, engine overhead: {Percentiles.Summary(overhead[..warm])}");
        Console.WriteLine($"turn detected -> first frame sent (raw):   {Percentiles.Summary(raw[warm..])}");
        Console.WriteLine($"time inside engine + TTS stubs:            {Percentiles.Summary(provider[warm..])}");
        Console.WriteLine($"engine overhead (raw - stubs):             {Percentiles.Summary(overhead[warm..])}");
    }

    /// <summary>Silence until the agent has sent something and then nothing for 10 frames.</summary>
    private static async Task QuietAsync(BenchCall call)
    {
        var last = -1L;
        var stable = 0;
        while (stable < 10 || call.AgentFrames == 0)
        {
            await call.Channel.SendCallerSilenceAsync(call.Channel.FrameDuration, CancellationToken.None).ConfigureAwait(false);
            var frames = call.AgentFrames;
            stable = frames == last ? stable + 1 : 0;
            last = frames;
        }
    }
}
