using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Switchboard.Sip.Echo;
using Switchboard.Sip.Tests.Rtp;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Interop;

/// <summary>
/// baresip (Debian package baresip) calls our echo server over loopback UDP with a WAV file we generate as its
/// microphone (ausrc aufile); what it hears is recorded by its sndfile module (this baresip, 1.0, has no aufile player;
/// sndfile dumps the decoded receive stream to a WAV while the ALSA null device plays it). The recording must be
/// seconds long and carry our 700 Hz tone back; baresip sends DTMF (RFC 4733) and the server receives exactly those
/// digits. baresip is driven through its ctrl_tcp module and bounded by timeout(1).
/// </summary>
[Collection(SippCollection.Name)]
public sealed class BaresipInteropTests(ITestOutputHelper output)
{
    private const int ToneHz = 700;
    private const string Digits = "1234#";

    [Fact]
    public async Task Baresip_calls_the_echo_server_hears_its_audio_back_and_its_dtmf_arrives_exactly()
    {
        if (!ExternalTool.Available("baresip", "baresip", output))
        {
            return;
        }

        Assert.True(File.Exists("/usr/lib/baresip/modules/ctrl_tcp.so"), "baresip is installed without its modules (/usr/lib/baresip/modules)");
        string directory = Directory.CreateTempSubdirectory("baresip").FullName;

        // Six seconds of tone: baresip ends the call itself when its source file ends.
        short[] tone = new short[8000 * 6];
        ToneAnalysis.Tone(tone, ToneHz, 0);
        string wav = Path.Combine(directory, "tone.wav");
        WavFile.Write(wav, tone, 8000);

        var log = new StringWriter();
        int rtpBase = FreeEvenPortRange();
        await using var server = new SipEchoServer(
            new SipEchoServerOptions { BindAddress = IPAddress.Loopback, Port = 0, RtpMinPort = rtpBase, RtpMaxPort = rtpBase + 9 },
            TextWriter.Synchronized(log));
        await server.StartAsync();
        using var stop = new CancellationTokenSource();
        Task running = server.RunAsync(stop.Token);

        int control = FreeTcpPort();
        await BaresipControl.WriteConfigAsync(directory, "sip:baresip@127.0.0.1", wav, rtpBase + 10, rtpBase + 19, control, record: true);

        await using ExternalTool baresip = ExternalTool.Start("baresip", ["-f", directory], TimeSpan.FromSeconds(45), directory);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        BaresipControl? ctrl = null;
        try
        {
            ctrl = await BaresipControl.ConnectAsync(control, baresip, guard.Token);
            await ctrl.SendAsync("dial", $"sip:echo@127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}", guard.Token);
            await ctrl.WaitForEventAsync("CALL_ESTABLISHED", guard.Token);

            // Let audio flow for a second, then key the digits while it still flows.
            await Task.Delay(TimeSpan.FromSeconds(1), guard.Token);
            await ctrl.SendAsync("sndcode", Digits, guard.Token);
            await ctrl.WaitForEventAsync("CALL_CLOSED", guard.Token);
            await ctrl.SendAsync("quit", null, guard.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("baresip did not get through the call; control messages:\n" + string.Join("\n", ctrl?.Seen ?? []) + "\n" + baresip.StandardOutput + log);
        }
        finally
        {
            ctrl?.Dispose();
        }

        int exit = await baresip.WaitForExitAsync();
        output.WriteLine(baresip.StandardOutput);

        // The BYE has arrived; let the server log the call's end.
        for (int i = 0; i < 100 && !log.ToString().Contains("ended", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await running;
        output.WriteLine(log.ToString());
        Assert.True(exit == 0, $"baresip exited {exit}");
        Assert.Equal(1, server.CallsAnswered);

        string received = string.Concat(log.ToString().Split('\n').Where(l => l.StartsWith("echo: digit ", StringComparison.Ordinal)).Select(l => l.Trim()[^1]));
        Assert.Equal(Digits, received);

        string recording = Assert.Single(Directory.GetFiles(directory, "dump-*-dec.wav"));
        (short[] heard, int rate, _) = WavFile.Read(recording);
        Assert.Equal(8000, rate);
        double seconds = heard.Length / (double)rate;
        // The call lasts as long as baresip plays its 6 s file, minus setup; under load the recording has come out at ~3 s.
        Assert.InRange(seconds, 2.0, 10.0);

        // Not silence: a good part of the call carried our echo of the tone, loud and at its frequency.
        short[] loud = [.. Chunks(heard, 160).Where(c => ToneAnalysis.Rms(c) > 1000).SelectMany(c => c)];
        Assert.True(loud.Length >= 8000 * 2, $"only {loud.Length / 8000.0:F1} s of {seconds:F1} s recorded is not silence");
        double atTone = ToneAnalysis.Power(loud, ToneHz);
        Assert.True(atTone > 20 * ToneAnalysis.Power(loud, 1000), "the tone should dominate 1000 Hz");
        Assert.True(atTone > 20 * ToneAnalysis.Power(loud, 400), "the tone should dominate 400 Hz");
    }

    private static IEnumerable<short[]> Chunks(short[] samples, int size)
    {
        for (int i = 0; i + size <= samples.Length; i += size)
        {
            yield return samples[i..(i + size)];
        }
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>An even port with the 19 above it free right now (our 10 RTP ports, then baresip's 10).</summary>
    private static int FreeEvenPortRange()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int start = UdpPorts.Free() & ~1;
            if (start + 20 < 65535 && Enumerable.Range(start, 20).All(p => !UdpPorts.IsBound(p)))
            {
                return start;
            }
        }

        Assert.Fail("No free range of 20 UDP ports found.");
        return 0;
    }
}
