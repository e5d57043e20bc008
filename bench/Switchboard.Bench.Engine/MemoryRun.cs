namespace Switchboard.Bench.Engine;

/// <summary>
/// Goal 4: managed memory per active call (Silero VAD, scripted STT so no decoder is held, instant TTS), measured as
/// the live heap with N calls running minus with none, once while every agent is mid-speech and once when idle; and
/// the bytes allocated per inbound frame in steady state.
/// </summary>
internal static class MemoryRun
{
    private static long s_sent;

    public static async Task RunAsync(Shared shared, BenchArgs args)
    {
        var count = args.Int("calls", 100);
        var vad = args.Text("vad", "silero");
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var calls = new List<BenchCall>();
        for (var i = 0; i < count; i++)
        {
            var agent = BenchCall.Agent();
            calls.Add(new BenchCall($"call_mem_{i}", agent, new BenchEngine(Shared.Greeting, Shared.Reply), new ScriptedSpeechToText(Shared.CallerPhrase),
                new InstantTextToSpeech(shared.LongSpeechPcm), shared.Vad(vad, agent)));
        }
        await FramesAsync(calls, 25).ConfigureAwait(false);
        var speaking = GC.GetTotalMemory(forceFullCollection: true);
        await FramesAsync(calls, 900).ConfigureAwait(false); // past the end of the long greeting
        var idle = GC.GetTotalMemory(forceFullCollection: true);
        const int steadyFrames = 250;
        using var sampler = new AllocationSampler();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        sampler.Recording = true;
        await FramesAsync(calls, steadyFrames).ConfigureAwait(false);
        sampler.Recording = false;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var speakingAfter = calls.Count(c => c.AgentFrames > 0);
        foreach (var call in calls) await call.DisposeAsync().ConfigureAwait(false);
        var callerSide = await CallerSideAllocationAsync(steadyFrames * 20, cancelableRead: false).ConfigureAwait(false);
        var cancelableSide = await CallerSideAllocationAsync(steadyFrames * 20, cancelableRead: true).ConfigureAwait(false);

        Console.WriteLine($"calls: {count}, vad: {vad} (all greeted: {speakingAfter == count})");
        Console.WriteLine($"heap with 0 calls: {baseline / 1024.0:F0} KiB");
        Console.WriteLine($"per call, agent mid-speech (the answer synthesized and queued for playout): {(speaking - baseline) / (double)count / 1024:F1} KiB");
        Console.WriteLine($"per call, idle (listening): {(idle - baseline) / (double)count / 1024:F1} KiB");
        Console.WriteLine($"allocated per inbound frame in steady state (idle, silence in, whole process incl. caller side): " +
            $"{allocated / (double)(count * steadyFrames):F0} bytes");
        Console.WriteLine("allocation samples (~100 KB each) by type: " +
            string.Join(", ", sampler.Types.OrderByDescending(t => t.Value).Take(12).Select(t => $"{t.Key} x{t.Value}")));
        Console.WriteLine($"of which the caller side alone (InMemoryMediaChannel writer + a plain reader, no session): {callerSide:F0} bytes; " +
            $"the same with the reader waiting on a cancelable token, as the media loop does: {cancelableSide:F0} bytes");
    }

    /// <summary>Bytes allocated per frame by the benchmark's own caller side and the channel, with no session reading.</summary>
    private static async Task<double> CallerSideAllocationAsync(int frames, bool cancelableRead)
    {
        await using var channel = new Realtime.Transports.InMemoryMediaChannel(16_000);
        using var cts = new CancellationTokenSource();
        var token = cancelableRead ? cts.Token : CancellationToken.None;
        var reader = Task.Run(async () =>
        {
            while (await channel.Input.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (channel.Input.TryRead(out var input)) input.Frame.Dispose();
            }
        });
        for (var i = 0; i < 100; i++) await channel.SendCallerSilenceAsync(channel.FrameDuration, CancellationToken.None).ConfigureAwait(false);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < frames; i++) await channel.SendCallerSilenceAsync(channel.FrameDuration, CancellationToken.None).ConfigureAwait(false);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        await channel.CallerHangUpAsync("done", CancellationToken.None).ConfigureAwait(false);
        await reader.ConfigureAwait(false);
        return allocated / (double)frames;
    }

    /// <summary>Sends silence to every call, one frame each in turn, as fast as they take it.</summary>
    private static async Task FramesAsync(List<BenchCall> calls, int frames)
    {
        for (var f = 0; f < frames; f++)
        {
            foreach (var call in calls)
                await call.Channel.SendCallerSilenceAsync(call.Channel.FrameDuration, CancellationToken.None).ConfigureAwait(false);
        }
        s_sent += frames;
        // Let every session take what is queued.
        foreach (var call in calls)
        {
            while (call.Channel.CallerFramesRead < s_sent) await Task.Yield();
        }
    }
}
