using System.Diagnostics;
using System.Globalization;
using Switchboard.Sip.Rtp;

namespace Switchboard.Bench.Engine.Sip;

/// <summary>
/// Issue 6, second figure: for each level N (<c>--levels</c>, default 1,5,10,20,40; at most 64), N phones call the
/// same server at once (starts spread over <c>--stagger-ms</c>), each doing <c>--turns</c> turns (the single-call
/// baseline does <c>--baseline-turns</c>). Per level: reply latency p50/p95, failures and CPU; then the first N whose
/// p95 exceeds 1.2 × the single-call p95.
/// </summary>
internal static class SipLoadRun
{
    private const int MaxLevel = 64;
    private static readonly TimeSpan LevelLimit = TimeSpan.FromMinutes(6);

    public static async Task RunAsync(Shared shared, BenchArgs args)
    {
        var levels = ParseLevels(args.Text("levels", "1,5,10,20,40"));
        var turns = Math.Max(1, args.Int("turns", 5));
        var baselineTurns = Math.Max(1, args.Int("baseline-turns", 15));
        var staggerMs = args.Int("stagger-ms", 4000);
        var pool = args.Int("pool", 4);
        var speech = await CallerSpeech.CreateAsync(shared.Flite).ConfigureAwait(false);
        var server = await SipBenchServer.StartAsync(maxCalls: levels.Max(), recognizerPool: pool, CancellationToken.None).ConfigureAwait(false);
        var rows = new List<(int N, List<double> Ms, int Calls, int Failed, int Missed, int Overlapped, double CpuPercent, long MissedTicks)>();
        await using (server.ConfigureAwait(false))
        {
            foreach (var n in levels)
            {
                var clock = new MediaClock();
                await using (clock.ConfigureAwait(false))
                {
                    var perCall = n == 1 ? baselineTurns : turns;
                    var process = Process.GetCurrentProcess();
                    var cpuBefore = process.TotalProcessorTime;
                    var serverClock = ServerClockProbe.Read(server.Services);
                    var wallBefore = TimeProvider.System.GetTimestamp();
                    var calls = new List<Task<SipCallResult>>(n);
                    for (var i = 0; i < n; i++)
                    {
                        calls.Add(PhoneScript.RunAsync(clock, server.SipPort, speech, perCall));
                        if (i < n - 1) await Task.Delay(staggerMs / n).ConfigureAwait(false);
                    }
                    var all = Task.WhenAll(calls);
                    if (await Task.WhenAny(all, Task.Delay(LevelLimit)).ConfigureAwait(false) != all)
                        Console.WriteLine($"N={n}: level time limit {LevelLimit.TotalMinutes} min reached; counting the calls that finished");
                    process.Refresh();
                    var cpu = process.TotalProcessorTime - cpuBefore;
                    var wall = TimeProvider.System.GetElapsedTime(wallBefore);
                    Console.WriteLine($"N={n}: {ServerClockProbe.Describe(serverClock, ServerClockProbe.Read(server.Services))}");
                    var finished = calls.Where(c => c.IsCompletedSuccessfully).Select(c => c.Result).ToList();
                    var ms = finished.SelectMany(r => r.LatenciesMs).ToList();
                    var failed = n - finished.Count(r => r.Failure is null);
                    foreach (var r in finished.Where(r => r.Failure is not null).Take(3)) Console.WriteLine($"N={n}: a call stopped early: {r.Failure}");
                    var row = (n, ms, n, failed, finished.Sum(r => r.Missed), finished.Sum(r => r.Overlapped), 100 * cpu / wall, clock.MissedTicks);
                    rows.Add(row);
                    Console.WriteLine($"N={n}: {SipSummary.Of(ms)}; calls failed {failed}, no reply {row.Item5}, overlapped {row.Item6}, " +
                        $"CPU {row.Item7:F0}% of one core ({Environment.ProcessorCount} cores), phone clock missed ticks {clock.MissedTicks}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
                }
                // Let the server finish hanging up the level's calls (and write their records) before the next level starts.
                await Task.Delay(2000).ConfigureAwait(false);
                await ServerWaterfall.PrintAsync(server.Api, n, $"N={n}").ConfigureAwait(false);
            }
        }

        Console.WriteLine();
        Console.WriteLine("| N calls | turns measured | p50 ms | p95 ms | calls failed | turns without reply | CPU % of one core |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.N} | {r.Ms.Count} | {Percentiles.Of(r.Ms, 50):F0} | {Percentiles.Of(r.Ms, 95):F0} | {r.Failed} | {r.Missed} | {r.CpuPercent:F0} |"));
        }
        var single = rows.FirstOrDefault(r => r.N == 1);
        if (single.Ms is not { Count: > 0 })
        {
            Console.WriteLine("no single-call baseline (level 1 missing or without measurements): degradation point not computed");
            return;
        }
        var limit = 1.2 * Percentiles.Of(single.Ms, 95);
        var degraded = rows.FirstOrDefault(r => r.N > 1 && (r.Ms.Count == 0 || Percentiles.Of(r.Ms, 95) > limit || r.Failed > 0));
        Console.WriteLine(degraded.Ms is null
            ? $"p95 stayed within 1.2 x single-call p95 ({limit:F0} ms) up to N={rows.Max(r => r.N)}"
            : $"first N with p95 > 1.2 x single-call p95 ({limit:F0} ms) or a failed call: N={degraded.N}");
    }

    private static List<int> ParseLevels(string text)
    {
        var levels = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxLevel)
                throw new ArgumentException($"--levels takes comma-separated call counts from 1 to {MaxLevel}, got '{part}'.");
            levels.Add(n);
        }
        if (levels.Count == 0) throw new ArgumentException("--levels is empty.");
        return levels;
    }
}
