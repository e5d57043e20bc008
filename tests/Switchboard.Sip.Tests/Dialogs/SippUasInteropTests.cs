using System.Globalization;
using System.Net;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Sdp;
using Switchboard.Sip.Tests.Interop;
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
    [Fact]
    public async Task We_call_sipp_uas_and_hang_up()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output))
        {
            return;
        }

        int sippPort = UdpPorts.Free();
        string directory = Directory.CreateTempSubdirectory("sipp-uas").FullName;
        string errors = Path.Combine(directory, "errors.log");
        string messages = Path.Combine(directory, "messages.log");

        // SIPp's RTP echo port is taken from the OS too: its default (6000) is shared by every SIPp on the machine.
        await using ExternalTool sipp = ExternalTool.Start(
            "sipp",
            [
                "-sn", "uas", "-i", "127.0.0.1", "-p", sippPort.ToString(CultureInfo.InvariantCulture), "-mp", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
                "-m", "1", "-timeout", "30s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", errors, "-trace_msg", "-message_file", messages,
            ],
            TimeSpan.FromSeconds(45),
            directory);
        await UdpPorts.WaitUntilBoundAsync(sippPort, sipp, TimeSpan.FromSeconds(20));

        var transport = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        await using var layer = new SipTransactionLayer([transport]);
        layer.Start();
        int port = transport.LocalEndPoint.Port;
        await using var endpoint = new SipCallEndpoint(layer, new SipCallEndpointOptions { Contact = SipUri.Parse($"sip:sb@127.0.0.1:{port}") });
        endpoint.Start();

        // Guard against a hung peer only; nothing here asserts on elapsed time. SIPp stays 4 s after the BYE's 200 (its
        // timewait), so if it exits while the call is still going it died, and waiting on for timer B (32 s) is pointless.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        Task watch = sipp.Exited.ContinueWith(_ => guard.CancelAfter(TimeSpan.FromSeconds(2)), TaskScheduler.Default);
        SessionDescription offer = new SdpNegotiator(new SdpNegotiatorOptions(), IPAddress.Loopback, 45000).CreateOffer();
        SipCall call = await endpoint.InviteAsync(
            SipUri.Parse($"sip:service@127.0.0.1:{sippPort}"),
            NameAddress.Parse("<sip:switchboard@127.0.0.1>"),
            offer,
            new SipEndPoint(IPAddress.Loopback, sippPort),
            cancellationToken: guard.Token);

        var kinds = new List<SipCallEventKind>();
        string? reason = null;
        try
        {
            await foreach (SipCallEvent e in call.Events.ReadAllAsync(guard.Token))
            {
                kinds.Add(e.Kind);
                reason = e.Reason ?? reason;
                if (e.Kind == SipCallEventKind.Answered)
                {
                    await call.HangupAsync(guard.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The call did not end; events: {string.Join(", ", kinds)}\n{await Diagnostics(sipp, errors, messages)}");
        }

        int exit = await sipp.WaitForExitAsync();
        await watch;
        Assert.True(exit == 0, $"sipp exited {exit}\n{await Diagnostics(sipp, errors, messages)}");
        Assert.Contains(SipCallEventKind.Ringing, kinds);
        Assert.Contains(SipCallEventKind.Answered, kinds);
        Assert.Equal(SipCallEventKind.Ended, kinds[^1]);
        Assert.Equal(SipCallEndReasons.LocalHangup, reason);
        Assert.NotNull(call.RemoteSdp);
    }

    private static async Task<string> Diagnostics(ExternalTool sipp, string errors, string messages) =>
        "errors:\n" + (File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "(none)")
        + "\nmessages:\n" + (File.Exists(messages) ? await File.ReadAllTextAsync(messages) : "(none)")
        + "\nstderr:\n" + sipp.StandardError;
}
