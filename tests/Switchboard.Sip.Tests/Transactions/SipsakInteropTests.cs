using System.Net;
using Switchboard.Sip.Tests.Interop;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Transactions;

/// <summary>sipsak, a SIP client we did not write, sends OPTIONS to a UAS built on our transports and transactions.</summary>
[Collection(SippCollection.Name)]
public sealed class SipsakInteropTests(ITestOutputHelper output)
{
    [SipsakTheory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Sipsak_options_get_200(string transport)
    {
        Assert.True(SipsakTheoryAttribute.SipsakPath is not null, "sipsak is required (SWITCHBOARD_TEST_REQUIRE_SERVICES=1) but not installed");
        var options = new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 };
        ISipTransport uasTransport = transport == "udp" ? new SipUdpTransport(options) : new SipTcpTransport(options);
        await using var layer = new SipTransactionLayer([uasTransport]);
        layer.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answered = new List<SipServerTransaction>();
        Task responder = OptionsResponder.RunAsync(layer, answered, stop.Token);

        List<string> arguments = ["-v", "-s", $"sip:test@127.0.0.1:{uasTransport.LocalEndPoint.Port}"];
        if (transport == "tcp")
        {
            arguments.AddRange(["-E", "tcp"]);
        }

        await using ExternalTool sipsak = ExternalTool.Start(SipsakTheoryAttribute.SipsakPath!, arguments, TimeSpan.FromSeconds(20));
        int exit = await sipsak.WaitForExitAsync();
        string text = sipsak.StandardOutput + sipsak.StandardError;
        output.WriteLine(text);
        Assert.Equal(0, exit);
        Assert.Contains("200 OK", text, StringComparison.Ordinal);
        lock (answered)
        {
            Assert.Equal("OPTIONS", Assert.Single(answered).Request.Method);
        }

        await stop.CancelAsync();
        await responder;
    }
}
