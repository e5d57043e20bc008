using System.Diagnostics;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.Bench.Engine;

/// <summary>
/// Goal 5: N concurrent calls, each with real flite TTS, a VAD, a scripted engine and text turns (scripted STT), the
/// caller side of all of them paced by one loop on one schedule: at tick n every call that has arrived gets its next
/// frame (a slice of the caller's phrase or silence, calls staggered). Calls arrive at <c>--arrival-rate</c> per
/// second (as a trunk delivers them; 0 = all in the first tick), set up on a thread of their own (<see cref="CallArrivals"/>),
/// and each call's media starts at the first tick after its set-up; then all N run for <c>--seconds</c>.
/// <see cref="DeadlineVad"/> counts frames handled more than 20 ms after the pacer's tick that was due to write them.
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
        var arrivalRate = args.Int("arrival-rate", 20);
        var period = TimeSpan.FromMilliseconds(20);
        // Call i arrives at tick arrivals[i]; the measured steady state starts once the last one is in.
        var arrivals = new int[count];
        for (var i = 0; i < count; i++) arrivals[i] = arrivalRate == 0 ? 0 : (int)((long)i * 50 / arrivalRate);
        var rampTicks = count == 0 ? 0 : arrivals[^1];
        var ticks = rampTicks + seconds * 50;
        var deadlines = new DeadlineClock(TimeProvider.System, period, ticks);
        var timeline = new LoadTimeline(ticks);
        var calls = new CallArrivals(count);
        (BenchCall, DeadlineVad) Arrive(int i)
        {
            var agent = BenchCall.Agent();
            // Every reply is one sentence flite has not spoken before, as a model's replies are; the greeting is the same on
            // every call, as an agent's begin message is (flite's sentence cache serves it after the first call).
            var engine = new BenchEngine(Shared.Greeting, Shared.Reply, replyFor: turn => $"Sure, I can help you with that, reference {i} {turn}.");
            var deadlineVad = new DeadlineVad(shared.Vad(vad, agent), deadlines);
            return (new BenchCall($"call_load_{i}", agent, engine, new ScriptedSpeechToText(Shared.CallerPhrase), tts, deadlineVad, inputCapacity: 64),
                deadlineVad);
        }

        // A turn every 8 s per call: the phrase, then silence while the agent answers.
        var phraseFrames = (shared.CallerAudio.Length + 319) / 320;
        var cycle = 400;
        var caller = new short[cycle * 320];
        shared.CallerAudio.CopyTo(caller.AsSpan(100 * 320)); // 2 s in, after the greeting has started
        var warmUp = args.Int("warm-up-seconds", 8);
        var warmUpTurns = warmUp > 0 ? await WarmUpAsync(shared, vad, tts, caller, warmUp).ConfigureAwait(false) : 0;
        var pacerLate = 0;
        var pacerBlocked = 0;
        var worstPacer = TimeSpan.Zero;
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
        calls.Start(deadlines, arrivals, Arrive);
        // The caller side runs on a thread of its own, as RTP arrives from the SIP stack's media clock thread: frames
        // arrive on time even when the thread pool is busy, so lateness is the engine's.
        var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() =>
        {
            try
            {
                for (long n = 0; n < ticks; n++)
                {
                    var wait = deadlines.Due(n) - deadlines.Elapsed;
                    if (wait > TimeSpan.Zero) Thread.Sleep((int)Math.Ceiling(wait.TotalMilliseconds));
                    var late = deadlines.Elapsed - deadlines.Due(n);
                    if (late > period) pacerLate++;
                    if (late > worstPacer) worstPacer = late;
                    timeline.Sample(n, late);
                    var blocked = false;
                    var ready = calls.Ready;
                    for (var i = 0; i < ready; i++)
                    {
                        // Call i's frame k is written at tick FirstTick(i) + k (see DeadlineVad.StartAt). Its place in the
                        // caller's 8 s cycle depends on i alone, so the 200 callers' turns stay spread evenly over the cycle
                        // whenever they arrived (counting from arrival bunched them into a quarter of it).
                        if (calls.FirstTick(i) > n) continue;
                        var position = (int)((n - 1 + (long)i * cycle / count) % cycle);
                        var write = calls[i].Channel.SendCallerAudioAsync(caller.AsMemory(position * 320, 320), CancellationToken.None);
                        if (write.IsCompletedSuccessfully) continue;
                        blocked = true;
                        write.AsTask().GetAwaiter().GetResult();
                    }
                    if (blocked) pacerBlocked++;
                }
                paced.TrySetResult();
            }
            catch (Exception e)
            {
                paced.TrySetException(e);
            }
        })
        { IsBackground = true, Name = "bench pacer" };
        pacer.Start();
        await paced.Task.ConfigureAwait(false);
        await calls.Done.ConfigureAwait(false);
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
        var turns = calls.All.Sum(c => c.Observer.Latencies.Count);
        var latencies = calls.All.SelectMany(c => c.Observer.Latencies).ToList();
        List<double> Stage(Func<TurnLatency, TimeSpan?> stage) =>
            latencies.Select(stage).Where(t => t is not null).Select(t => t!.Value.TotalMilliseconds).ToList();
        var firstFrame = Stage(l => l.FirstFrameSent);
        var agentFrames = calls.All.Sum(c => c.AgentFrames);
        var priorities = ThreadPriorities.Summary();
        foreach (var call in calls.All) await call.DisposeAsync().ConfigureAwait(false);

        Console.WriteLine(warmUp > 0 ? $"process warmed by one call of {warmUp} s ({warmUpTurns} turn(s) answered) before the run (--warm-up-seconds)" : "cold process (--warm-up-seconds 0)");
        var arrival = arrivalRate == 0 ? "all in the first tick" : $"arriving at {arrivalRate}/s over {rampTicks / 50.0:F1} s";
        Console.WriteLine($"calls: {count} ({arrival}), vad: {vad}, tts: {ttsKind}, min worker threads: {(minThreads > 0 ? minThreads : "default")}, " +
            $"run: {seconds} s with all calls up ({ticks} ticks of 20 ms in all), phrase {phraseFrames} frames every {cycle} frames");
        Console.WriteLine($"inbound frames handled: {deadlines.HandledFrames}; missed deadlines (> 20 ms after due): {deadlines.Missed}; " +
            $"worst lateness {deadlines.WorstLateness.TotalMilliseconds:F1} ms");
        long missedRamp = 0, missedSteady = 0;
        for (var t = 0; t < ticks; t++)
        {
            if (t <= rampTicks) missedRamp += deadlines.MissedAt[t];
            else missedSteady += deadlines.MissedAt[t];
        }
        Console.WriteLine($"missed while calls arrived: {missedRamp}; missed with all {count} calls up: {missedSteady} of {(long)(ticks - rampTicks - 1) * count} frames");
        Console.WriteLine($"pacer: late ticks {pacerLate}, worst {worstPacer.TotalMilliseconds:F1} ms, ticks where a write had to wait: {pacerBlocked}");
        Console.WriteLine($"CPU: {cpu.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s wall = {100 * cpu / wall / Environment.ProcessorCount:F0}% of {Environment.ProcessorCount} cores " +
            $"({100 * cpu / wall:F0}% of one core)");
        Console.WriteLine($"GC ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, concurrent {AppContext.GetData("System.GC.Concurrent") ?? "default"}, " +
            $"latency mode {System.Runtime.GCSettings.LatencyMode}): pause total {gcPause.TotalMilliseconds:F0} ms; collections gen0 {gen0 - gen1}, gen1 {gen1 - gen2}, gen2 {gen2}");
        foreach (var kind in new[] { GCKind.Ephemeral, GCKind.Background, GCKind.FullBlocking })
        {
            var info = GC.GetGCMemoryInfo(kind);
            if (info.Index == 0) continue;
            Console.WriteLine($"  last {kind} GC (#{info.Index}, gen{info.Generation}{(info.Compacted ? ", compacting" : "")}): pauses {string.Join(" + ", info.PauseDurations.ToArray().Where(p => p > TimeSpan.Zero).Select(p => $"{p.TotalMilliseconds:F1} ms"))}, " +
                $"promoted {info.PromotedBytes / 1024.0 / 1024.0:F1} MiB, heap {info.HeapSizeBytes / 1024.0 / 1024.0:F0} MiB, pinned objects {info.PinnedObjectsCount}");
        }
        Console.WriteLine($"allocated (whole process, caller side included): {allocated / 1024.0 / 1024.0:F1} MiB = {(double)allocated / frames:F0} bytes per inbound frame handled");
        Console.WriteLine($"wake-ups: thread-pool work items {workItems} = {(double)workItems / frames:F2} per inbound frame handled; active timers {timersBefore} before, {timers} at the end");
        if (sampler is not null)
        {
            var samples = sampler.Types.Values.Sum();
            Console.WriteLine($"allocation samples (one per ~100 KB): {samples}; by type: " +
                string.Join(", ", sampler.Types.OrderByDescending(t => t.Value).Take(12).Select(t => $"{t.Key} {t.Value}")));
        }
        Console.WriteLine($"threads by nice value at the end of the run: {priorities}");
        LoadReport.Print(deadlines, timeline, probe, ticks);
        Console.WriteLine($"agent turns answered: {turns}, agent frames sent: {agentFrames}; end of speech -> first frame (under load): {Percentiles.Summary(firstFrame)}");
        Console.WriteLine($"  of which: end of speech -> turn detected {Percentiles.Summary(Stage(l => l.SttFinal))}; -> first text {Percentiles.Summary(Stage(l => l.FirstText))}; " +
            $"-> first TTS audio {Percentiles.Summary(Stage(l => l.FirstAudio))}");
    }

    /// <summary>
    /// One call through a greeting and a turn before the measured run, as a server that has handled calls before has
    /// done: the code on the media, turn and TTS paths is compiled and the thread pool has its threads.
    /// </summary>
    private static async Task<int> WarmUpAsync(Shared shared, string vad, Microsoft.Extensions.AI.ITextToSpeechClient tts, short[] caller, int seconds)
    {
        var agent = BenchCall.Agent();
        var clock = new DeadlineClock(TimeProvider.System, TimeSpan.FromMilliseconds(20), seconds * 50);
        await using var call = new BenchCall("call_warm_up", agent, new BenchEngine(Shared.Greeting, Shared.Reply), new ScriptedSpeechToText(Shared.CallerPhrase),
            tts, new DeadlineVad(shared.Vad(vad, agent), clock), inputCapacity: 64);
        clock.Start();
        var frames = caller.Length / 320;
        for (var n = 0; n < seconds * 50; n++)
        {
            // 3 s of silence while the greeting plays, then the caller's phrase (at frame 100 of the cycle), its turn
            // and the reply.
            var position = (frames - 50 + n) % frames;
            await call.Channel.SendCallerAudioAsync(caller.AsMemory(position * 320, 320), CancellationToken.None).ConfigureAwait(false);
            await Task.Delay(20).ConfigureAwait(false);
        }
        return call.Observer.Latencies.Count;
    }
}
