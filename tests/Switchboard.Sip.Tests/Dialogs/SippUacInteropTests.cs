using System.Globalization;
using System.Net;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Tests.Interop;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Dialogs;

/// <summary>
/// SIPp's built-in <c>uac</c> scenario (Debian package sip-tester) calls our UAS over real UDP on 127.0.0.1: INVITE
/// with SDP, our 180 and 200 with an SDP answer, its ACK, its BYE. SIPp fails on any unexpected message.
/// </summary>
[Collection(SippCollection.Name)]
public sealed class SippUacInteropTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sipp_uac_completes_a_call_against_our_uas()
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output))
        {
            return;
        }

        var transport = new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        await using var layer = new SipTransactionLayer([transport]);
        layer.Start();
        int port = transport.LocalEndPoint.Port;
        await using var endpoint = new SipCallEndpoint(layer, new SipCallEndpointOptions { Contact = SipUri.Parse($"sip:sb@127.0.0.1:{port}") });
        endpoint.Start();

        // Guard against a hung peer only; nothing here asserts on elapsed time.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string directory = Directory.CreateTempSubdirectory("sipp-uac").FullName;
        await using ExternalTool sipp = ExternalTool.Start(
            "sipp",
            [
                $"127.0.0.1:{port}", "-sn", "uac", "-m", "1", "-i", "127.0.0.1", "-p", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
                "-mp", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
                "-timeout", "30s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", Path.Combine(directory, "errors.log"),
            ],
            TimeSpan.FromSeconds(45),
            directory);

        SipIncomingCall incoming = await endpoint.IncomingCalls.ReadAsync(guard.Token);
        Assert.NotNull(incoming.Offer);
        await incoming.SendRingingAsync(guard.Token);
        SipCall call = await incoming.AcceptAsync(CallTestKit.Negotiator(40000), guard.Token);
        var kinds = new List<SipCallEventKind>();
        string? reason = null;
        await foreach (SipCallEvent e in call.Events.ReadAllAsync(guard.Token))
        {
            kinds.Add(e.Kind);
            reason = e.Reason ?? reason;
        }

        int exit = await sipp.WaitForExitAsync();
        output.WriteLine(sipp.StandardError);
        string errors = Path.Combine(directory, "errors.log");
        Assert.True(exit == 0, "sipp failed: " + (File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "exit " + exit));
        Assert.Equal([SipCallEventKind.Answered, SipCallEventKind.Ended], kinds);
        Assert.Equal(SipCallEndReasons.RemoteHangup, reason);
    }
}
