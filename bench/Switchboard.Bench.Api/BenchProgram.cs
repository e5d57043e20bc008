using System.Globalization;

namespace Switchboard.Bench.Api;

/// <summary>
/// The control-plane load benchmark: full server vs bare Kestrel, in one process, on loopback.
/// Not top-level statements: the referenced server assembly already has a public <c>Program</c>.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        var ct = cts.Token;
        var time = TimeProvider.System;
        var startedAt = time.GetUtcNow();
        var machine = MachineInfo.Capture();
        if (!options.SkipWrk && !WrkRunner.IsInstalled())
        {
            await Console.Error.WriteLineAsync("wrk is not installed (apt-get install -y wrk); use --skip-wrk for the fixed-rate part only.");
            return 2;
        }

        Log($"machine: {machine.Cores} cores, {machine.CpuModel}, load {machine.LoadAverage}");
        // Subscribed before the server starts so EF's listener is seen; it records nothing until Start(). Only with
        // --breakdown, so the headline runs do not even pay for EF asking whether anyone listens.
        using var efProbe = options.Breakdown ? new EfCoreProbe() : null;
        await using var full = await FullStackServer.StartAsync(ct);
        await using var bare = await BareServer.StartAsync(full.AgentJson, ct);
        var fullUri = full.AgentUri;
        var bareUri = bare.AgentUri(full.AgentId);
        Log($"full stack {fullUri}, bare {bareUri}, body {full.AgentJson.Length} bytes");

        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var generator = new ConstantRateLoadGenerator(client, time);

        // Warm-up: JIT tiering, connection pools, SQLite page cache. Results are discarded.
        if (options.Warmup > TimeSpan.Zero)
        {
            Log($"warm-up {options.Warmup.TotalSeconds:0.#} s each");
            if (!options.SkipWrk)
            {
                await WrkRunner.RunAsync("warm bare", bareUri, full.ApiKey, options.WrkThreads, options.WrkConnections, options.Warmup, ct);
                await WrkRunner.RunAsync("warm full", fullUri, full.ApiKey, options.WrkThreads, options.WrkConnections, options.Warmup, ct);
            }
            await generator.RunAsync("warm bare", bareUri, full.ApiKey, full.AgentJson.Length, options.Rate, options.Warmup, ct);
            await generator.RunAsync("warm full", fullUri, full.ApiKey, full.AgentJson.Length, options.Rate, options.Warmup, ct);
        }

        WrkResult? wrkBare = null, wrkFull = null;
        var breakdown = new List<WrkResult>();
        IReadOnlyList<(string Event, double PerRequest)> efEvents = [];
        var efCommandMsPerRequest = double.NaN;
        IReadOnlyList<(string Type, double BytesPerRequest)> allocations = [];
        if (!options.SkipWrk)
        {
            Log("max throughput: wrk against bare");
            wrkBare = await WrkRunner.RunAsync("bare", bareUri, full.ApiKey, options.WrkThreads, options.WrkConnections, options.Duration, ct);
            Log($"  {wrkBare.RequestsPerSecond:0} req/s");
            Log("max throughput: wrk against full stack");
            wrkFull = await WrkRunner.RunAsync("full", fullUri, full.ApiKey, options.WrkThreads, options.WrkConnections, options.Duration, ct);
            Log($"  {wrkFull.RequestsPerSecond:0} req/s");

            if (efProbe is not null)
            {
                Log("breakdown: /health/live without and with the key, then the agent");
                breakdown.Add(wrkBare with { Name = "bare Kestrel, same route and body" });
                breakdown.Add(await WrkRunner.RunAsync("full: GET /health/live, no key (pipeline, no DB)", full.HealthUri, null,
                    options.WrkThreads, options.WrkConnections, options.Duration, ct));
                breakdown.Add(await WrkRunner.RunAsync("full: GET /health/live with key (+ key hash + key lookup)", full.HealthUri, full.ApiKey,
                    options.WrkThreads, options.WrkConnections, options.Duration, ct));
                breakdown.Add(wrkFull with { Name = "full: GET agent (+ rate limit, scope check, agent from the read cache, usage)" });

                Log("EF Core events per request (separate short run; listening costs time itself)");
                efProbe.Start();
                var probed = await WrkRunner.RunAsync("full, EF probe on", fullUri, full.ApiKey, options.WrkThreads, options.WrkConnections,
                    TimeSpan.FromSeconds(Math.Min(5, options.Duration.TotalSeconds)), ct);
                efProbe.Stop();
                efEvents = EfEventsPerRequest(efProbe, probed.Requests);
                efCommandMsPerRequest = probed.Requests > 0 ? efProbe.CommandTime.TotalMilliseconds / probed.Requests : double.NaN;

                Log("allocations by type (GCAllocationTick samples, separate short run)");
                using (var sampler = new AllocationSampler())
                {
                    sampler.Start();
                    var sampled = await WrkRunner.RunAsync("full, allocation sampler on", fullUri, full.ApiKey, options.WrkThreads, options.WrkConnections,
                        TimeSpan.FromSeconds(Math.Min(5, options.Duration.TotalSeconds)), ct);
                    sampler.Stop();
                    allocations = sampler.Top(sampled.Requests, 20);
                }
            }
        }

        Log($"fixed rate {options.Rate} req/s for {options.Duration.TotalSeconds:0} s: bare");
        var fixedBare = await generator.RunAsync("bare", bareUri, full.ApiKey, full.AgentJson.Length, options.Rate, options.Duration, ct);
        Log($"  p99 {fixedBare.Latency.P99Ms:0.00} ms");
        Log($"fixed rate {options.Rate} req/s for {options.Duration.TotalSeconds:0} s: full stack");
        var fixedFull = await generator.RunAsync("full", fullUri, full.ApiKey, full.AgentJson.Length, options.Rate, options.Duration, ct);
        Log($"  p99 {fixedFull.Latency.P99Ms:0.00} ms");

        var results = new BenchResults(options, machine, MachineInfo.LoadAverageNow(), startedAt, full.AgentJson.Length,
            wrkBare, wrkFull, breakdown, efEvents, efCommandMsPerRequest, allocations, fixedBare, fixedFull);
        var markdown = MarkdownReport.Render(results);
        Console.WriteLine();
        Console.WriteLine(markdown);
        await File.WriteAllTextAsync(options.Output, markdown, ct);
        Log($"written to {Path.GetFullPath(options.Output)}");
        return results.AllResponsesCorrect ? 0 : 1;
    }

    private static List<(string Event, double PerRequest)> EfEventsPerRequest(EfCoreProbe probe, long requests)
    {
        var list = new List<(string, double)>();
        if (requests <= 0) return list;
        foreach (var (name, count) in probe.Events.OrderBy(e => e.Key, StringComparer.Ordinal))
            list.Add((name, count / (double)requests));
        return list;
    }

    private static void Log(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{TimeProvider.System.GetUtcNow():HH:mm:ss}] {message}"));
}
