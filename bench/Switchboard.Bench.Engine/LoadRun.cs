using System.Diagnostics;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Bench.Engine;

/// <summary>
/// Goal 5: N concurrent calls, each with real flite TTS, a VAD, a scripted engine and text turns (scripted STT), the
/// caller side of all of them paced by one loop on one schedule: at tick n every call gets its frame n (a slice of the
/// caller's phrase or silence, calls staggered). <see cref="DeadlineVad"/> counts frames handled more than 20 ms late.
/// </summary>
internal static class LoadRun
{
    public static async Task RunAsync(Shared shared, BenchArgs args)
    {
        var count = args.Int("calls", 200);
        var seconds = args.Int("seconds", 60);
        var vad = args.Text("vad", "silero");
        var ttsKind = args.Text("tts", "flite");
        Microsoft.Extensions.AI.ITextToSpeechClient tts = ttsKind == "stub" ? new InstantTextToSpeech(shared.ReplyPcm) : shared.Flite;
        var minThreads = args.Int("min-threads", 0);
        if (minThreads > 0)
        {
            ThreadPool.GetMinThreads(out _, out var io);
            ThreadPool.SetMinThreads(minThreads, io);
        }
        var period = TimeSpan.FromMilliseconds(20);
        var ticks = seconds * 50;
        var deadlines = new DeadlineClock(TimeProvider.System, period, ticks);
        var timeline = new LoadTimeline(ticks);
        var calls = new List<BenchCall>(count);
        for (var i = 0; i < count; i++)
        {
            var agent = BenchCall.Agent();
            calls.Add(new BenchCall($"call_load_{i}", agent, new BenchEngine(Shared.Greeting, Shared.Reply), new ScriptedSpeechToText(Shared.CallerPhrase),
                tts, new DeadlineVad(shared.Vad(vad, agent), deadlines), inputCapacity: 64));
        }

        // A turn every 8 s per call: the phrase, then silence while the agent answers.
        var phraseFrames = (shared.CallerAudio.Length + 319) / 320;
        var cycle = 400;
        var caller = new short[cycle * 320];
        shared.CallerAudio.CopyTo(caller.AsSpan(100 * 320)); // 2 s in, after the greeting has started
        var pacerLate = 0;
        var pacerBlocked = 0;
        var worstPacer = TimeSpan.Zero;
        var pending = new List<Task>();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var gcBefore = GC.GetTotalPauseDuration();
        var gen0Before = GC.CollectionCount(0);
        var gen1Before = GC.CollectionCount(1);
        var gen2Before = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var workItemsBefore = ThreadPool.CompletedWorkItemCount;
        var timersBefore = Timer.ActiveCount;
        using var sampler = args.Int("sample-allocations", 0) > 0 ? new AllocationSampler() : null;
        if (sampler is not null) sampler.Recording = true;
        deadlines.Start();
        using var probe = new SchedulerProbe(ticks, period);
        probe.Start(deadlines.StartTimestamp);
        for (long n = 0; n < ticks; n++)
        {
            var wait = deadlines.Due(n) - deadlines.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait).ConfigureAwait(false);
            var late = deadlines.Elapsed - deadlines.Due(n);
            if (late > period) pacerLate++;
            if (late > worstPacer) worstPacer = late;
            timeline.Sample(n, late);
            for (var i = 0; i < calls.Count; i++)
            {
                var position = (int)((n + (long)i * cycle / count) % cycle);
                var write = calls[i].Channel.SendCallerAudioAsync(caller.AsMemory(position * 320, 320), CancellationToken.None);
                if (!write.IsCompletedSuccessfully) pending.Add(write.AsTask());
            }
            if (pending.Count > 0)
            {
                pacerBlocked++;
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
            }
        }
        // Let the last frames be handled before reading the tally.
        await Task.Delay(period * 3).ConfigureAwait(false);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (sampler is not null) sampler.Recording = false;
        var workItems = ThreadPool.CompletedWorkItemCount - workItemsBefore;
        var timers = Timer.ActiveCount;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var wall = deadlines.Elapsed;
        var gcPause = GC.GetTotalPauseDuration() - gcBefore;
        var gen0 = GC.CollectionCount(0) - gen0Before;
        var gen1 = GC.CollectionCount(1) - gen1Before;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        var frames = Math.Max(1, deadlines.HandledFrames);
        var turns = calls.Sum(c => c.Observer.Latencies.Count);
        var firstFrame = calls.SelectMany(c => c.Observer.Latencies).Where(l => l.FirstFrameSent is not null)
            .Select(l => l.FirstFrameSent!.Value.TotalMilliseconds).ToList();
        var agentFrames = calls.Sum(c => c.AgentFrames);
        foreach (var call in calls) await call.DisposeAsync().ConfigureAwait(false);

        Console.WriteLine($"calls: {count}, vad: {vad}, tts: {ttsKind}, min worker threads: {(minThreads > 0 ? minThreads : "default")}, run: {seconds} s ({ticks} ticks of 20 ms), phrase {phraseFrames} frames every {cycle} frames");
        Console.WriteLine($"inbound frames handled: {deadlines.HandledFrames} of {(long)ticks * count}; missed deadlines (> 20 ms after due): {deadlines.Missed}; " +
            $"worst lateness {deadlines.WorstLateness.TotalMilliseconds:F1} ms");
        // Every call starts at once in a process whose code is still cold (JIT, thread-pool growth): reported apart.
        var warmupTicks = (int)Math.Min(ticks, (long)args.Int("warmup-seconds", 3) * 50);
        long missedAfterWarmup = 0;
        for (var t = warmupTicks; t < ticks; t++) missedAfterWarmup += deadlines.MissedAt[t];
        Console.WriteLine($"after the first {warmupTicks / 50} s (--warmup-seconds; all {count} calls start together in a cold process): " +
            $"missed deadlines {missedAfterWarmup} of {(long)(ticks - warmupTicks) * count} frames");
        Console.WriteLine($"pacer: late ticks {pacerLate}, worst {worstPacer.TotalMilliseconds:F1} ms, ticks where a write had to wait: {pacerBlocked}");
        Console.WriteLine($"CPU: {cpu.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s wall = {100 * cpu / wall / Environment.ProcessorCount:F0}% of {Environment.ProcessorCount} cores " +
            $"({100 * cpu / wall:F0}% of one core)");
        Console.WriteLine($"GC ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, concurrent {AppContext.GetData("System.GC.Concurrent") ?? "default"}, " +
            $"latency mode {System.Runtime.GCSettings.LatencyMode}): pause total {gcPause.TotalMilliseconds:F0} ms; collections gen0 {gen0 - gen1}, gen1 {gen1 - gen2}, gen2 {gen2}");
        Console.WriteLine($"allocated (whole process, caller side included): {allocated / 1024.0 / 1024.0:F1} MiB = {(double)allocated / frames:F0} bytes per inbound frame handled");
        Console.WriteLine($"wake-ups: thread-pool work items {workItems} = {(double)workItems / frames:F2} per inbound frame handled; active timers {timersBefore} before, {timers} at the end");
        if (sampler is not null)
        {
            var samples = sampler.Types.Values.Sum();
            Console.WriteLine($"allocation samples (one per ~100 KB): {samples}; by type: " +
                string.Join(", ", sampler.Types.OrderByDescending(t => t.Value).Take(12).Select(t => $"{t.Key} {t.Value}")));
        }
        LoadReport.Print(deadlines, timeline, probe, ticks);
        Console.WriteLine($"agent turns answered: {turns}, agent frames sent: {agentFrames}; end of speech -> first frame (under load): {Percentiles.Summary(firstFrame)}");
    }
}
