using Switchboard.Speech.Flite;

namespace Switchboard.Speech.Tests.Flite;

public sealed class FliteSynthesisPoolTests
{
    private static readonly string[] Sentences =
    [
        "Hello, thank you for calling the dental office.",
        "Sure, I can help you with that.",
        "Book an appointment for Tuesday at ten thirty.",
        "Our office is open from Monday to Friday.",
    ];

    [NativeFact]
    public void Each_new_instance_of_a_voice_is_its_own_and_the_shared_one_stays_registered()
    {
        foreach (var voice in new[] { FliteVoice.Slt, FliteVoice.Kal })
        {
            nint shared = FliteEngine.GetVoice(voice);
            nint? first = FliteEngine.CreateInstance(voice);
            nint? second = FliteEngine.CreateInstance(voice);
            Assert.NotNull(first);
            Assert.NotNull(second);
            Assert.NotEqual(shared, first.Value);
            Assert.NotEqual(first.Value, second.Value);
            Assert.Equal(shared, FliteEngine.GetVoice(voice));
        }
    }

    [NativeFact]
    public async Task Parallel_workers_on_their_own_instances_give_the_same_audio_as_the_shared_voice()
    {
        foreach (var voice in new[] { FliteVoice.Slt, FliteVoice.Kal })
        {
            var reference = Sentences.ToDictionary(s => s, s => FliteEngine.Synthesize(s, voice, out _));
            var workers = new List<Func<string, short[]>>();
            for (int i = 0; i < 4; i++)
            {
                nint instance = FliteEngine.CreateInstance(voice)!.Value;
                workers.Add(text => FliteEngine.SynthesizeOn(instance, text, voice, out _));
            }

            using var pool = new FliteSynthesisPool("test", 64, workers);
            var requests = Enumerable.Range(0, 32).Select(i => Sentences[i % Sentences.Length]).ToArray();
            var results = await Task.WhenAll(requests.Select(text => pool.SynthesizeAsync(text, CancellationToken.None)));

            for (int i = 0; i < requests.Length; i++)
            {
                short[] expected = reference[requests[i]];
                if (voice == FliteVoice.Kal)
                {
                    Assert.Equal(expected, results[i]);
                }
                else
                {
                    // slt (clustergen) mixes random noise into its excitation (the C library's rand()), so two runs of
                    // the same sentence differ slightly even on one thread: same length, correlation ~0.995.
                    Assert.Equal(expected.Length, results[i].Length);
                    Assert.True(Correlation(expected, results[i]) > 0.98, $"'{requests[i]}' came out different: {Correlation(expected, results[i])}");
                }
            }

            // The 32 syntheses overlapped: they ran on several workers, not one after another.
            Assert.InRange(pool.PeakConcurrency, 2, 4);
        }
    }

    private static double Correlation(short[] x, short[] y)
    {
        double xy = 0, xx = 0, yy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            xy += x[i] * (double)y[i];
            xx += x[i] * (double)x[i];
            yy += y[i] * (double)y[i];
        }

        return xy / Math.Sqrt(xx * yy);
    }

    [Fact]
    public async Task A_full_queue_makes_callers_wait_without_blocking_and_a_cancelled_waiter_is_never_synthesised()
    {
        using var gate = new ManualResetEventSlim(false);
        var synthesised = new List<string>();
        short[] Blocking(string text)
        {
            gate.Wait();
            lock (synthesised)
            {
                synthesised.Add(text);
            }

            return [(short)text.Length];
        }

        using var pool = new FliteSynthesisPool("test", 2, [Blocking]);
        var first = pool.SynthesizeAsync("one", CancellationToken.None);
        var second = pool.SynthesizeAsync("two", CancellationToken.None);
        var third = pool.SynthesizeAsync("three", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = pool.SynthesizeAsync("four", cts.Token); // at most one running and two queued: this one waits for room
        Assert.False(waiting.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        gate.Set();
        Assert.Equal([3], await first);
        Assert.Equal([3], await second);
        Assert.Equal([5], await third);
        Assert.Equal(["one", "two", "three"], synthesised);
    }

    [Fact]
    public async Task Workers_run_at_the_lower_priority_on_linux()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int? nice = null;
        short[] ReadNice(string text)
        {
            nice = CurrentThreadNice();
            return [];
        }

        using var pool = new FliteSynthesisPool("test", 4, [ReadNice]);
        await pool.SynthesizeAsync("x", CancellationToken.None);
        Assert.Equal(FliteSynthesisPool.WorkerNice, nice);
    }

    [Fact]
    public async Task Callers_are_completed_at_normal_priority_so_no_thread_pool_thread_inherits_the_workers_nice_value()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int ourNice = CurrentThreadNice();
        var completions = new System.Collections.Concurrent.ConcurrentBag<(string? Thread, int Nice)>();
        using var gate = new ManualResetEventSlim(false);
        short[] Synthesize(string text)
        {
            gate.Wait();
            return text == "bad" ? throw new SpeechException("flite failed") : [1];
        }

        // Capacity 1: the second and third callers wait for room, which a worker's dequeue frees.
        using var pool = new FliteSynthesisPool("test", 1, [Synthesize]);
        pool.Completing = () => completions.Add((Thread.CurrentThread.Name, CurrentThreadNice()));
        var ok = pool.SynthesizeAsync("fine", CancellationToken.None);
        var bad = pool.SynthesizeAsync("bad", CancellationToken.None);
        var third = pool.SynthesizeAsync("also fine", CancellationToken.None);
        gate.Set();
        Assert.Equal([1], await ok);
        await Assert.ThrowsAsync<SpeechException>(() => bad);
        Assert.Equal([1], await third);

        Assert.Equal(3, completions.Count);
        Assert.All(completions, c =>
        {
            Assert.Equal("test-done", c.Thread);
            Assert.Equal(ourNice, c.Nice);
        });
    }

    /// <summary>Field 19 of /proc/thread-self/stat is the thread's nice value; the command name before it is in parentheses.</summary>
    private static int CurrentThreadNice()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_request_cancelled_while_queued_is_dropped_and_a_failure_reaches_its_caller()
    {
        using var gate = new ManualResetEventSlim(false);
        var calls = 0;
        short[] Synthesize(string text)
        {
            gate.Wait();
            Interlocked.Increment(ref calls);
            return text == "bad" ? throw new SpeechException("flite failed") : [1];
        }

        using var pool = new FliteSynthesisPool("test", 8, [Synthesize]);
        var running = pool.SynthesizeAsync("bad", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var queued = pool.SynthesizeAsync("dropped", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        var after = pool.SynthesizeAsync("fine", CancellationToken.None);

        gate.Set();
        await Assert.ThrowsAsync<SpeechException>(() => running);
        Assert.Equal([1], await after);
        Assert.Equal(2, Volatile.Read(ref calls));
    }
}
