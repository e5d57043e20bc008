using System.Globalization;
using System.Net;
using Switchboard.Sip.Echo;
using Switchboard.Sip.Tests.Interop;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Echo;

/// <summary>
/// A small run of the load bench's own SIPp scenario (bench/sip-load/uac-echo-load.xml: PCMU offer, rtp_stream both
/// ways, hold, BYE) against the echo server: every call must succeed in SIPp's statistics and, afterwards, the server
/// must hold no call, dialog, RTP port, media clock slot or bound UDP socket. Counts, never durations.
/// </summary>
[Collection(SippCollection.Name)]
public sealed class SipEchoLoadScenarioTests(ITestOutputHelper output)
{
    private const int Calls = 5;
    private const int RtpMinPort = 43200;
    private const int RtpMaxPort = 43299;

    [Fact]
    public async Task Five_calls_of_the_load_scenario_succeed_and_leave_nothing_behind()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output))
        {
            return;
        }

        var directory = await EchoLoadScenarioFiles.PrepareAsync("sipp-echo-load");

        var log = new StringWriter();
        await using var server = new SipEchoServer(new SipEchoServerOptions
        {
            BindAddress = IPAddress.Loopback, Port = 0, RtpMinPort = RtpMinPort, RtpMaxPort = RtpMaxPort,
        }, TextWriter.Synchronized(log));
        await server.StartAsync();
        using var stop = new CancellationTokenSource();
        var running = server.RunAsync(stop.Token);

        var stats = Path.Combine(directory, "stats.csv");
        await using (var sipp = ExternalTool.Start("sipp",
        [
            $"127.0.0.1:{server.Port}", "-sf", "uac-echo-load.xml", "-r", "5", "-l", "5", "-m", Calls.ToString(CultureInfo.InvariantCulture),
            "-d", "2000", "-i", "127.0.0.1", "-mi", "127.0.0.1",
            "-p", UdpPorts.Free().ToString(CultureInfo.InvariantCulture), "-mp", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
            "-trace_stat", "-stf", stats, "-fd", "1", "-timeout", "60s", "-timeout_error", "-nostdin",
            "-trace_err", "-error_file", Path.Combine(directory, "errors.log"),
        ], TimeSpan.FromSeconds(75), directory))
        {
            var exit = await sipp.WaitForExitAsync();
            output.WriteLine(sipp.StandardError);
            var errors = Path.Combine(directory, "errors.log");
            Assert.True(exit == 0, "sipp failed: " + (File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "exit " + exit));
        }

        var last = EchoLoadScenarioFiles.LastRow(stats);
        Assert.Equal(Calls, int.Parse(last["OutgoingCall(C)"], CultureInfo.InvariantCulture));
        Assert.Equal(Calls, int.Parse(last["SuccessfulCall(C)"], CultureInfo.InvariantCulture));
        Assert.Equal(0, int.Parse(last["FailedCall(C)"], CultureInfo.InvariantCulture));

        // SIPp exits on the last BYE's 200; the server releases that call's session right after sending it.
        for (int i = 0; i < 200 && server.ActiveCalls > 0; i++)
        {
            await Task.Delay(50);
        }

        var after = server.Statistics;
        output.WriteLine(after.ToString());
        Assert.Equal(Calls, after.CallsAnswered);
        Assert.Equal(0, after.CallsRejected);
        Assert.Equal(0, after.ActiveCalls);
        Assert.Equal(0, after.Dialogs);
        Assert.Equal(0, after.RtpPortsInUse);
        Assert.Equal(0, after.MediaClockParticipants);
        Assert.True(after.FramesEchoed > 0, "no audio came back: " + log);
        for (int port = RtpMinPort; port <= RtpMaxPort; port++)
        {
            Assert.False(UdpPorts.IsBound(port), $"UDP port {port} of the RTP range is still bound after every call ended");
        }

        await stop.CancelAsync();
        await running;
    }
}
