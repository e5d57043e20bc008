using System.Diagnostics;
using Switchboard.Sip.Rtp;

namespace Switchboard.Bench.Engine.Sip;

/// <summary>
/// Issue 6, first figure: one phone calls the real server over SIP on loopback and, after the greeting, speaks
/// <c>--turns</c> times (default 50); each turn is timed from the last RTP packet of the caller's speech as sent to the
/// first voiced agent RTP packet received.
/// </summary>
internal static class SipLatencyRun
{
    public static async Task<SipCallResult> RunAsync(Shared shared, BenchArgs args)
    {
        var turns = Math.Max(1, args.Int("turns", 50));
        var speech = await CallerSpeech.CreateAsync(shared.Flite).ConfigureAwait(false);
        var server = await SipBenchServer.StartAsync(maxCalls: 4, recognizerPool: args.Int("pool", 4), CancellationToken.None).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            var clock = new MediaClock();
            await using (clock.ConfigureAwait(false))
            {
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var serverClock = ServerClockProbe.Read(server.Services);
                var wallBefore = TimeProvider.System.GetTimestamp();
                var result = await PhoneScript.RunAsync(clock, server.SipPort, speech, turns,
                    (turn, latency) => Console.WriteLine($"turn {turn}: {(latency is { } l ? $"{l.TotalMilliseconds:F0} ms" : "no reply")}")).ConfigureAwait(false);
                process.Refresh();
                var cpu = process.TotalProcessorTime - cpuBefore;
                var wall = TimeProvider.System.GetElapsedTime(wallBefore);
                Console.WriteLine(ServerClockProbe.Describe(serverClock, ServerClockProbe.Read(server.Services)));
                Console.WriteLine($"caller phrase: \"{CallerSpeech.Phrase}\", {speech.Length / 8.0:F0} ms of voiced audio; phone clock missed ticks: {clock.MissedTicks}");
                Console.WriteLine($"turns measured {result.LatenciesMs.Count} of {turns}, no reply {result.Missed}, agent already talking at end of speech {result.Overlapped}" +
                    (result.Failure is null ? "" : $", stopped early: {result.Failure}"));
                Console.WriteLine($"end of caller speech (last RTP sent) -> first voiced agent RTP received: {SipSummary.Of(result.LatenciesMs)}");
                Console.WriteLine($"endpointing silence at the default responsiveness 0.8: {Realtime.TurnTaking.TurnDetectorOptions.EndpointingSilence(0.8).TotalMilliseconds} ms");
                Console.WriteLine($"flite's silence before the first voiced frame of the reply \"Got it.\": {(await CallerSpeech.LeadingSilenceAsync(shared.Flite, "Got it.").ConfigureAwait(false)).TotalMilliseconds} ms, " +
                    $"of the re-prompt \"Sorry, go ahead.\": {(await CallerSpeech.LeadingSilenceAsync(shared.Flite, "Sorry, go ahead.").ConfigureAwait(false)).TotalMilliseconds} ms");
                await Task.Delay(2000).ConfigureAwait(false); // the hang-up reaches the server and the record is written
                await ServerWaterfall.PrintAsync(server.Api, 1, "sip-latency").ConfigureAwait(false);
                Console.WriteLine($"CPU (server + phone, one process): {cpu.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s wall = {100 * cpu / wall:F0}% of one core");
                return result;
            }
        }
    }
}
