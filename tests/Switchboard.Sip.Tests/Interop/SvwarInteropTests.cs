using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Switchboard.Sip.Auth;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Security;
using Switchboard.Sip.Tests.Auth;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Interop;

/// <summary>
/// SIPVicious <c>svwar</c> (Debian package sipvicious), the usual extension enumerator, scans an endpoint with digest
/// authentication on over loopback UDP. Extensions 1001 and 1005 exist; since known and unknown users get the same
/// challenge, it must learn none. The scanner filter and flood guard stay off here so that authentication alone is
/// what defeats it; a second run with the scanner filter on must get no answer at all.
/// </summary>
[Collection(SippCollection.Name)]
public sealed partial class SvwarInteropTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("REGISTER")]
    [InlineData("INVITE")]
    [InlineData("OPTIONS")]
    public async Task Svwar_learns_no_extension_from_an_endpoint_with_authentication(string method)
    {
        if (!ExternalTool.Available("svwar", "sipvicious", output))
        {
            return;
        }

        await using Endpoint endpoint = await Endpoint.StartAsync(scannerFilter: false);
        (string text, int exit) = await RunSvwarAsync(endpoint.Port, method);

        // svwar lists what it found as "| extension | reqauth |" rows of a table; with nothing found there is no row.
        // Without --force it gives up at once ("replied with an authentication request for an unknown extension");
        // forced, it tries every extension and compares each answer with the one for a surely unknown user.
        output.WriteLine($"svwar exited {exit}; {endpoint.Received} requests received, {endpoint.Answered} answered");
        Assert.NotEqual(124, exit);
        Assert.Contains("found nothing", text, StringComparison.Ordinal);
        Assert.Empty(ExtensionRows().Matches(text));
        Assert.DoesNotContain("exists", text, StringComparison.Ordinal);

        // It did reach us and was answered (challenged, or 200 for OPTIONS): normally the probe for a surely unknown user
        // and at least one extension. Seeing the same answer for both, svwar gives up ("unknown response") or finds nothing.
        // Under CI load svwar sometimes stops after its first probe ("socket error: timed out") although we answered it
        // (seen twice on 2026-11-24): it still found nothing, which is the property under test; one answer proves it
        // reached us.
        Assert.True(endpoint.Answered >= 1, $"no request was answered:\n{text}");
    }

    [Fact]
    public async Task Svwar_does_find_the_extensions_of_a_server_that_answers_unknown_users_differently()
    {
        // The control: proves that svwar works here and that the parsing above would see a leak.
        if (!ExternalTool.Available("svwar", "sipvicious", output))
        {
            return;
        }

        using var leaky = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        Task responder = LeakyRegistrarAsync(leaky, stop.Token);
        (string text, int exit) = await RunSvwarAsync(((IPEndPoint)leaky.Client.LocalEndPoint!).Port, "REGISTER");
        await stop.CancelAsync();
        await responder;

        Assert.NotEqual(124, exit);
        string[] found = [.. ExtensionRows().Matches(text).Select(m => m.Groups[1].Value)];
        Assert.Equal(["1001", "1005"], found.Order());
    }

    [Fact]
    public async Task With_the_scanner_filter_svwar_gets_no_answer_at_all()
    {
        if (!ExternalTool.Available("svwar", "sipvicious", output))
        {
            return;
        }

        await using Endpoint endpoint = await Endpoint.StartAsync(scannerFilter: true);
        (string text, int _) = await RunSvwarAsync(endpoint.Port, "REGISTER", answersExpected: false);
        Assert.Empty(ExtensionRows().Matches(text));
        Assert.Equal(0, endpoint.Answered);
        Assert.True(endpoint.Received > 0, "svwar's requests should have reached the endpoint and been dropped:\n" + text);
    }

    /// <summary>
    /// Runs svwar; a run in which svwar gave up on a socket time-out is run again (at most three runs). svwar waits 3 s
    /// for each answer and stops at the first miss ("socket error: timed out": Python 3's socket.timeout is caught as a
    /// socket error), which a loaded CI machine sometimes causes even against the trivial responder of the control test.
    /// Such a run scanned nothing, so it proves nothing either way — except where no answer is the expected outcome.
    /// </summary>
    private async Task<(string Text, int Exit)> RunSvwarAsync(int port, string method, bool answersExpected = true)
    {
        for (int attempt = 1; ; attempt++)
        {
            await using ExternalTool svwar = ExternalTool.Start(
                "svwar",
                ["-e", "1000-1010", "-m", method, "-b", "127.0.0.1", "-P", UdpPorts.Free().ToString(CultureInfo.InvariantCulture), "--maximumtime", "15", "--force", $"udp://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
                TimeSpan.FromSeconds(60));
            int exit = await svwar.WaitForExitAsync();
            string text = svwar.StandardOutput + svwar.StandardError;
            output.WriteLine($"svwar run {attempt}:\n{text}");
            if (answersExpected && attempt < 3 && text.Contains("socket error: timed out", StringComparison.Ordinal)) continue;
            return (text, exit);
        }
    }

    /// <summary>Answers REGISTER 404 for unknown users and 401 for 1001 and 1005: the leak svwar looks for.</summary>
    private static async Task LeakyRegistrarAsync(UdpClient socket, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                UdpReceiveResult packet = await socket.ReceiveAsync(cancellationToken);
                string[] lines = Encoding.UTF8.GetString(packet.Buffer).Split("\r\n");
                string Header(string name) => lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
                string to = Header("To");
                bool known = to.Contains("sip:1001@", StringComparison.Ordinal) || to.Contains("sip:1005@", StringComparison.Ordinal);
                string status = known ? "401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"leaky\", nonce=\"abc\"" : "404 Not Found";
                string response = $"SIP/2.0 {status}\r\n{Header("Via")}\r\n{Header("From")}\r\n{to};tag=leaky\r\n{Header("Call-ID")}\r\n{Header("CSeq")}\r\nContent-Length: 0\r\n\r\n";
                await socket.SendAsync(Encoding.UTF8.GetBytes(response), packet.RemoteEndPoint, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }

    [GeneratedRegex(@"^\|\s*(\d+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex ExtensionRows();

    /// <summary>Our endpoint on loopback UDP with digest auth for extensions 1001 and 1005; counts what it answered.</summary>
    private sealed class Endpoint : IAsyncDisposable
    {
        private readonly SipTransactionLayer _layer;
        private readonly SipCallEndpoint _endpoint;
        private readonly CountingTransport _transport;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _calls;

        private Endpoint(SipTransactionLayer layer, SipCallEndpoint endpoint, CountingTransport transport)
        {
            _layer = layer;
            _endpoint = endpoint;
            _transport = transport;
            _calls = RejectCallsAsync();
        }

        public int Port => _transport.LocalEndPoint.Port;

        public int Answered => _transport.Responses;

        public int Received => _transport.Requests;

        public static async Task<Endpoint> StartAsync(bool scannerFilter)
        {
            const string Realm = "switchboard.test";
            var store = new InMemoryCredentialStore()
                .Add("1001", Realm, SipCredential.FromPassword("correct horse"))
                .Add("1005", Realm, SipCredential.FromPassword("battery staple"));
            var authenticator = new SipDigestAuthenticator(
                new SipDigestAuthenticatorOptions { Realm = Realm, NonceSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) },
                store,
                TimeProvider.System);
            var transport = new CountingTransport(new SipUdpTransport(new SipTransportOptions { BindAddress = IPAddress.Loopback, Port = 0 }));
            var layer = new SipTransactionLayer([transport]);
            layer.Start();
            var endpoint = new SipCallEndpoint(layer, new SipCallEndpointOptions
            {
                Contact = SipUri.Parse($"sip:sb@127.0.0.1:{transport.LocalEndPoint.Port}"),
                Authenticator = authenticator,
                ScannerFilter = scannerFilter ? new SipScannerFilter() : null,
            });
            endpoint.Start();
            await Task.CompletedTask;
            return new Endpoint(layer, endpoint, transport);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _calls;
            await _endpoint.DisposeAsync();
            await _layer.DisposeAsync();
            _stop.Dispose();
        }

        private async Task RejectCallsAsync()
        {
            try
            {
                await foreach (SipIncomingCall call in _endpoint.IncomingCalls.ReadAllAsync(_stop.Token))
                {
                    // An authenticated call would be a failure of the test's premise; answer it like a busy line.
                    await call.RejectAsync(486);
                }
            }
            catch (OperationCanceledException)
            {
                // The test is over.
            }
        }
    }
}
