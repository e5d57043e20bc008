using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Switchboard.Sip.Auth;
using Switchboard.Sip.Tests.Interop;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Auth;

/// <summary>
/// SIPp (Debian package sip-tester) registers through our authenticator: its own digest implementation answers
/// our challenge, so our server side is checked against code we did not write. SIPp 3.6 speaks MD5 only.
/// </summary>
[Collection(SippCollection.Name)]
public sealed class SippDigestInteropTests(ITestOutputHelper output)
{
    private const string Realm = "switchboard.test";
    private const string Scenario = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="register with digest">
          <send retrans="500">
            <![CDATA[
              REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:1001@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:1001@[remote_ip]>
              Call-ID: [call_id]
              CSeq: 1 REGISTER
              Contact: <sip:1001@[local_ip]:[local_port]>
              Max-Forwards: 70
              Expires: 60
              Content-Length: 0

            ]]>
          </send>
          <recv response="401" auth="true"/>
          <send retrans="500">
            <![CDATA[
              REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:1001@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:1001@[remote_ip]>
              Call-ID: [call_id]
              CSeq: 2 REGISTER
              Contact: <sip:1001@[local_ip]:[local_port]>
              [authentication username=1001 password=correct-horse]
              Max-Forwards: 70
              Expires: 60
              Content-Length: 0

            ]]>
          </send>
          <recv response="200"/>
        </scenario>
        """;

    [Theory]
    [InlineData("correct-horse", 0, DigestAuthOutcome.Authenticated)]
    [InlineData("wrong-password", 1, DigestAuthOutcome.Challenge)]
    public async Task Sipp_registers_through_our_md5_challenge(string storedPassword, int expectedExitCode, DigestAuthOutcome expected)
    {
        if (!ExternalTool.Available("sipp", "sip-tester", output))
        {
            return;
        }

        var store = new InMemoryCredentialStore().Add("1001", Realm, SipCredential.FromPassword(storedPassword));
        var authenticator = new SipDigestAuthenticator(
            new SipDigestAuthenticatorOptions { Realm = Realm, NonceSecret = new byte[32], Algorithms = [DigestAlgorithm.Md5] },
            store,
            TimeProvider.System);
        string directory = Directory.CreateTempSubdirectory("sipp-digest").FullName;
        string scenarioPath = Path.Combine(directory, "register.xml");
        await File.WriteAllTextAsync(scenarioPath, Scenario);

        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int serverPort = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        // Guard against a hung peer only; nothing here asserts on elapsed time.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var outcomes = new List<DigestAuthResult>();
        var authorizations = new List<string>();
        Task responder = RespondAsync(server, authenticator, outcomes, authorizations, guard.Token);

        await using ExternalTool sipp = ExternalTool.Start(
            "sipp",
            [
                $"127.0.0.1:{serverPort}", "-sf", scenarioPath, "-m", "1", "-i", "127.0.0.1", "-p", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
                "-mp", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
                "-timeout", "30s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", Path.Combine(directory, "errors.log"),
            ],
            TimeSpan.FromSeconds(45),
            directory);
        int exit = await sipp.WaitForExitAsync();
        output.WriteLine(sipp.StandardError);
        await guard.CancelAsync();
        await responder.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(expectedExitCode, exit);
        string authorization = Assert.Single(authorizations.Distinct());
        Assert.Contains("qop=auth", authorization, StringComparison.Ordinal);
        DigestAuthResult outcome = Assert.Single(outcomes);
        Assert.Equal(expected, outcome.Outcome);
        Assert.Equal(expected == DigestAuthOutcome.Authenticated ? DigestFailureReason.None : DigestFailureReason.BadCredentials, outcome.FailureReason);
    }

    private static async Task RespondAsync(
        UdpClient server, SipDigestAuthenticator authenticator, List<DigestAuthResult> outcomes, List<string> authorizations, CancellationToken cancellationToken)
    {
        // A retransmitted request gets the same response again, as a SIP server transaction would do.
        var sent = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            UdpReceiveResult packet = await server.ReceiveAsync(cancellationToken);
            string request = Encoding.UTF8.GetString(packet.Buffer);
            string cseq = Header(request, "CSeq") ?? string.Empty;
            if (!sent.TryGetValue(cseq, out byte[]? response))
            {
                string? authorization = Header(request, "Authorization");
                DigestAuthResult result = await authenticator.AuthenticateAsync(authorization, "REGISTER", null, cancellationToken);
                if (authorization is not null)
                {
                    // Only the answered challenges matter; SIPp may send further unauthenticated requests on failure.
                    authorizations.Add(authorization);
                    outcomes.Add(result);
                }

                response = Encoding.UTF8.GetBytes(result.IsAllowed
                    ? Response(request, "200 OK", null)
                    : Response(request, "401 Unauthorized", $"{result.ChallengeHeaderName}: {result.Challenges[0]}"));
                sent[cseq] = response;
            }

            await server.SendAsync(response, packet.RemoteEndPoint, cancellationToken);
        }
    }

    private static string Response(string request, string status, string? extraHeader)
    {
        var sb = new StringBuilder();
        sb.Append("SIP/2.0 ").Append(status).Append("\r\n");
        foreach (string name in new[] { "Via", "From", "To", "Call-ID", "CSeq" })
        {
            string value = Header(request, name)!;
            sb.Append(name).Append(": ").Append(value).Append(name == "To" ? ";tag=sb1" : string.Empty).Append("\r\n");
        }

        if (extraHeader is not null)
        {
            sb.Append(extraHeader).Append("\r\n");
        }

        return sb.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    private static string? Header(string message, string name)
    {
        foreach (string line in message.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && string.Equals(line[..colon].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
