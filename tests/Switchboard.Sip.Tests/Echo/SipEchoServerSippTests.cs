using System.Globalization;
using System.Net;
using Switchboard.Sip.Echo;
using Switchboard.Sip.Tests.Interop;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Echo;

/// <summary>
/// SIPp's built-in <c>uac_pcap</c> scenario calls the echo server over real UDP: INVITE offering PCMA and
/// telephone-event, 8 s of G.711 A-law RTP from the bundled pcap, an RFC 4733 digit '1', then BYE. SIPp fails on
/// any unexpected message; the server must have echoed the audio and the digit.
/// </summary>
[Collection(SippCollection.Name)]
public sealed class SipEchoServerSippTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sipp_uac_pcap_call_is_answered_and_its_audio_and_digit_echoed()
    {
        const string pcapDirectory = "/usr/share/sip-tester";
        if (!ExternalTool.Available("sipp", "sip-tester", output))
        {
            return;
        }

        Assert.True(Directory.Exists(pcapDirectory), "sipp is installed without its pcaps (" + pcapDirectory + ")");

        var log = new StringWriter();
        await using var server = new SipEchoServer(new SipEchoServerOptions
        {
            BindAddress = IPAddress.Loopback, Port = 0, RtpMinPort = 43000, RtpMaxPort = 43099,
        }, TextWriter.Synchronized(log));
        await server.StartAsync();
        using var stop = new CancellationTokenSource();
        var running = server.RunAsync(stop.Token);

        var directory = Directory.CreateTempSubdirectory("sipp-echo").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "pcap"));
        foreach (var file in Directory.GetFiles(pcapDirectory, "*.pcap")) File.Copy(file, Path.Combine(directory, "pcap", Path.GetFileName(file)));

        await using var sipp = ExternalTool.Start("sipp",
        [
            $"127.0.0.1:{server.Port}", "-sn", "uac_pcap", "-m", "1", "-i", "127.0.0.1", "-mi", "127.0.0.1",
            "-p", UdpPorts.Free().ToString(CultureInfo.InvariantCulture), "-mp", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
            "-timeout", "60s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", Path.Combine(directory, "errors.log"),
        ], TimeSpan.FromSeconds(75), directory);
        var exit = await sipp.WaitForExitAsync();
        output.WriteLine(sipp.StandardError);

        // The BYE has arrived once sipp exits; give the echo loop its last frames.
        for (var i = 0; i < 100 && server.CallsAnswered > 0 && !log.ToString().Contains("ended", StringComparison.Ordinal); i++)
            await Task.Delay(50);
        await stop.CancelAsync();
        await running;
        output.WriteLine(log.ToString());

        var errors = Path.Combine(directory, "errors.log");
        Assert.True(exit == 0, "sipp failed: " + (File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "exit " + exit));
        Assert.Equal(1, server.CallsAnswered);
        // The bundled pcap holds 236 RTP packets (7 s). On a loaded machine SIPp replays them in bursts and the jitter
        // buffer drops late ones, so only a floor is asserted: seconds of audio came back, not a trickle.
        Assert.InRange(server.FramesEchoed, 100, 600);
        Assert.Equal(1, server.DigitsEchoed);
        Assert.Contains("digit 1", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("ended (remote_hangup)", log.ToString(), StringComparison.Ordinal);
    }
}
