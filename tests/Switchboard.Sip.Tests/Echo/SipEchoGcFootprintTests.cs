using System.Globalization;
using System.Net;
using System.Runtime;
using Switchboard.Sip.Echo;
using Switchboard.Sip.Tests.Interop;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Echo;

/// <summary>
/// What a garbage collection has to copy while calls are up. A gen0/gen1 pause is driven by what survives, and with
/// hundreds of live calls that is whatever each call allocated for its lifetime since the last collection, so this
/// drives the echo server with the load bench's SIPp scenario in two waves of N concurrent calls (the second reusing
/// what the first gave back) and, at each wave's plateau, forces a gen0 then a gen1 collection and reports their
/// promoted bytes and pauses, the bytes allocated and the live heap per call, and the largest allocating types.
/// N is 40 by default; SWITCHBOARD_GC_PROBE_CALLS sets it (the figures in docs/performance.md use 500, with
/// DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0 DOTNET_GCgen0size=0x10000000 so that no collection runs during
/// a wave and the forced one sees all of it). The assertions are on bytes, never on the pauses.
/// </summary>
[Collection(GcFootprintCollection.Name)]
public sealed class SipEchoGcFootprintTests(ITestOutputHelper output)
{
    private const int RtpMinPort = 46000;
    private const int RtpMaxPort = 47999;
    private const int CallsPerSecond = 20;

    // Generous: a call's SIP transaction and dialog state, its sockets and tasks. The jitter buffer's slots alone
    // were 20 kB per call before they came from a pool.
    private const long MaxLiveBytesPerWarmCall = 40_000;

    [Fact]
    public async Task Calls_on_warm_pools_leave_little_for_a_collection_to_copy()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output))
        {
            return;
        }

        int calls = int.TryParse(Environment.GetEnvironmentVariable("SWITCHBOARD_GC_PROBE_CALLS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 1000 ? n : 40;
        output.WriteLine($"{calls} calls per wave; server GC {GCSettings.IsServerGC}, latency mode {GCSettings.LatencyMode}, {Environment.ProcessorCount} processors");
        string directory = await EchoLoadScenarioFiles.PrepareAsync("sipp-echo-gc");
        await using var server = new SipEchoServer(new SipEchoServerOptions
        {
            BindAddress = IPAddress.Loopback, Port = 0, RtpMinPort = RtpMinPort, RtpMaxPort = RtpMaxPort,
        });
        await server.StartAsync();
        using var stop = new CancellationTokenSource();
        Task running = server.RunAsync(stop.Token);
        using var sampler = new AllocationTypeSampler();

        WaveFigures cold = await RunWaveAsync(server, directory, calls, "cold", sampler: null);
        WaveFigures warm = await RunWaveAsync(server, directory, calls, "warm", sampler);

        output.WriteLine("largest allocating types in the warm wave (GCAllocationTick samples, bytes per call):");
        foreach ((string type, long bytes) in sampler.Bytes.OrderByDescending(p => p.Value).Take(25))
        {
            output.WriteLine($"  {bytes / calls,8:N0}  {type}");
        }

        await stop.CancelAsync();
        await running;
        Assert.True(cold.LiveBytesPerCall > 0, "the cold wave kept nothing alive: the measurement did not see the calls");
        Assert.True(
            warm.LiveBytesPerCall < MaxLiveBytesPerWarmCall,
            $"each call on warm pools kept {warm.LiveBytesPerCall:N0} bytes of new memory alive (bound {MaxLiveBytesPerWarmCall:N0})");
    }

    private async Task<WaveFigures> RunWaveAsync(SipEchoServer server, string directory, int calls, string name, AllocationTypeSampler? sampler)
    {
        FullCollection();
        long liveBefore = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen0Before = GC.CollectionCount(0);
        sampler?.Start();

        int rampMs = calls * 1000 / CallsPerSecond;
        string stats = Path.Combine(directory, $"stats-{name}.csv");
        await using var sipp = ExternalTool.Start("sipp",
        [
            $"127.0.0.1:{server.Port}", "-sf", "uac-echo-load.xml", "-r", CallsPerSecond.ToString(CultureInfo.InvariantCulture),
            "-l", calls.ToString(CultureInfo.InvariantCulture), "-m", calls.ToString(CultureInfo.InvariantCulture),
            "-d", (rampMs + 8000).ToString(CultureInfo.InvariantCulture), "-i", "127.0.0.1", "-mi", "127.0.0.1",
            "-p", UdpPorts.Free().ToString(CultureInfo.InvariantCulture), "-mp", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
            "-trace_stat", "-stf", stats, "-fd", "1", "-timeout", "120s", "-timeout_error", "-nostdin",
            "-trace_err", "-error_file", Path.Combine(directory, $"errors-{name}.log"),
        ], TimeSpan.FromSeconds(150), directory);

        // The plateau: every call up, then 2 s more so that each jitter buffer has had a packet in every slot.
        for (int i = 0; i < (rampMs / 50) + 600 && server.ActiveCalls < calls && !sipp.HasExited; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(server.ActiveCalls == calls, $"{name} wave: only {server.ActiveCalls} of {calls} calls came up\n{sipp.StandardError}");
        // 2 s of audio echoed per call (100 frames each), so every jitter buffer slot has held a packet: a count, not a clock.
        long echoedTarget = server.FramesEchoed + (calls * 100L);
        for (int i = 0; i < 400 && server.FramesEchoed < echoedTarget && !sipp.HasExited; i++)
        {
            await Task.Delay(50);
        }
        sampler?.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        int collectionsDuring = GC.CollectionCount(0) - gen0Before;

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GCMemoryInfo gen0 = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        GCMemoryInfo gen1 = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        FullCollection();
        long live = GC.GetTotalMemory(forceFullCollection: true) - liveBefore;
        long active = server.ActiveCalls;

        var figures = new WaveFigures(allocated / calls, live / calls);
        output.WriteLine(
            $"{name} wave, {active} live calls: allocated {allocated / calls:N0} B/call during the ramp ({collectionsDuring} collections ran in it); " +
            $"forced gen{gen0.Generation}: promoted {gen0.PromotedBytes:N0} B ({gen0.PromotedBytes / calls:N0} B/call), pause {Pause(gen0)}; " +
            $"then gen{gen1.Generation}: promoted {gen1.PromotedBytes:N0} B, pause {Pause(gen1)}; " +
            $"new live heap {live:N0} B ({figures.LiveBytesPerCall:N0} B/call)");

        int exit = await sipp.WaitForExitAsync();
        Dictionary<string, string> last = EchoLoadScenarioFiles.LastRow(stats);
        Assert.True(exit == 0, $"{name} wave: sipp exited {exit}\n{sipp.StandardError}");
        Assert.Equal(calls, EchoLoadScenarioFiles.Count(last, "SuccessfulCall(C)"));
        for (int i = 0; i < 200 && server.ActiveCalls > 0; i++)
        {
            await Task.Delay(50);
        }

        SipEchoServerStatistics after = server.Statistics;
        Assert.Equal(0, after.ActiveCalls);
        Assert.Equal(0, after.RtpPortsInUse);
        Assert.Equal(0, after.MediaClockParticipants);
        return figures;
    }

    private static string Pause(GCMemoryInfo info) =>
        info.PauseDurations.Length > 0 ? info.PauseDurations[0].TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture) + " ms" : "?";

    private static void FullCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private readonly record struct WaveFigures(long AllocatedBytesPerCall, long LiveBytesPerCall);
}
