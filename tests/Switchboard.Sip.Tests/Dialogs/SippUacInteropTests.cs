using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Switchboard.Sip.Dialogs;
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
        if (!SippAvailable())
        {
            Assert.False(
                Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1",
                "sipp (Debian package sip-tester) is required but not installed");
            output.WriteLine("SKIPPED: sipp not installed (apt-get install sip-tester).");
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
        using Process sipp = Process.Start(new ProcessStartInfo(
            "sipp",
            [
                $"127.0.0.1:{port}", "-sn", "uac", "-m", "1", "-i", "127.0.0.1", "-p", FreeUdpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-timeout", "30s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", Path.Combine(directory, "errors.log"),
            ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        })!;
        Task<string> stdout = sipp.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = sipp.StandardError.ReadToEndAsync(CancellationToken.None);

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

        await sipp.WaitForExitAsync(guard.Token);
        output.WriteLine(await stderr);
        await stdout;
        string errors = Path.Combine(directory, "errors.log");
        Assert.True(sipp.ExitCode == 0, "sipp failed: " + (File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "exit " + sipp.ExitCode));
        Assert.Equal([SipCallEventKind.Answered, SipCallEventKind.Ended], kinds);
        Assert.Equal(SipCallEndReasons.RemoteHangup, reason);
    }

    private static bool SippAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "sipp")));

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}
