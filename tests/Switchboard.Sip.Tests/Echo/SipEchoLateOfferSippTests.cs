using System.Globalization;
using System.Net;
using Switchboard.Sip.Echo;
using Switchboard.Sip.Tests.Interop;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Echo;

/// <summary>
/// SIPp calls the echo server with an INVITE that carries no SDP (a late offer): the echo server must put its offer in
/// the 200, and SIPp answers in the ACK with PCMA towards its media port, then replays the bundled A-law pcap and hangs
/// up. The echo server must have taken the answer from the ACK: it echoes audio only to an address it learned there.
/// </summary>
[Collection(SippCollection.Name)]
public sealed class SipEchoLateOfferSippTests(ITestOutputHelper output)
{
    private const string LateOfferUac = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="late-offer-uac">
          <send retrans="500">
            <![CDATA[
        INVITE sip:echo@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:echo@[remote_ip]:[remote_port]>
        Call-ID: [call_id]
        CSeq: 1 INVITE
        Contact: <sip:sipp@[local_ip]:[local_port]>
        Max-Forwards: 70
        Content-Length: 0

        ]]>
          </send>
          <recv response="100" optional="true" />
          <recv response="180" optional="true" />
          <recv response="200" rtd="true" rrs="true">
            <action>
              <ereg regexp="m=audio [0-9]+ RTP/AVP[ 0-9]* 8( |$)" search_in="body" check_it="true" assign_to="pcma" />
            </action>
          </recv>
          <send>
            <![CDATA[
        ACK [next_url] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:echo@[remote_ip]:[remote_port]>[peer_tag_param]
        Call-ID: [call_id]
        CSeq: 1 ACK
        Contact: <sip:sipp@[local_ip]:[local_port]>
        Max-Forwards: 70
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=sipp 1 1 IN IP[local_ip_type] [local_ip]
        s=-
        c=IN IP[media_ip_type] [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 8
        a=rtpmap:8 PCMA/8000

        ]]>
          </send>
          <nop>
            <action>
              <exec play_pcap_audio="pcap/g711a.pcap" />
            </action>
          </nop>
          <pause milliseconds="4000" />
          <send retrans="500">
            <![CDATA[
        BYE [next_url] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:echo@[remote_ip]:[remote_port]>[peer_tag_param]
        Call-ID: [call_id]
        CSeq: 2 BYE
        Contact: <sip:sipp@[local_ip]:[local_port]>
        Max-Forwards: 70
        Content-Length: 0

        ]]>
          </send>
          <recv response="200" crlf="true" />
          <Reference variables="pcma" />
        </scenario>
        """;

    [Fact]
    public async Task Sipp_late_offer_call_is_answered_with_our_offer_and_its_audio_echoed()
    {
        const string pcapDirectory = "/usr/share/sip-tester";
        if (!ExternalTool.Available("sipp", "sip-tester", output))
        {
            return;
        }

        Assert.True(File.Exists(Path.Combine(pcapDirectory, "g711a.pcap")), "sipp is installed without its pcaps (" + pcapDirectory + ")");
        var log = new StringWriter();
        await using var server = new SipEchoServer(new SipEchoServerOptions
        {
            BindAddress = IPAddress.Loopback, Port = 0, RtpMinPort = 43100, RtpMaxPort = 43199,
        }, TextWriter.Synchronized(log));
        await server.StartAsync();
        using var stop = new CancellationTokenSource();
        var running = server.RunAsync(stop.Token);

        var directory = Directory.CreateTempSubdirectory("sipp-late").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "pcap"));
        File.Copy(Path.Combine(pcapDirectory, "g711a.pcap"), Path.Combine(directory, "pcap", "g711a.pcap"));
        string scenario = Path.Combine(directory, "late-offer-uac.xml");
        await File.WriteAllTextAsync(scenario, LateOfferUac);

        await using var sipp = ExternalTool.Start("sipp",
        [
            $"127.0.0.1:{server.Port}", "-sf", scenario, "-m", "1", "-i", "127.0.0.1", "-mi", "127.0.0.1",
            "-p", UdpPorts.Free().ToString(CultureInfo.InvariantCulture), "-mp", UdpPorts.Free().ToString(CultureInfo.InvariantCulture),
            "-timeout", "60s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", Path.Combine(directory, "errors.log"),
        ], TimeSpan.FromSeconds(75), directory);
        var exit = await sipp.WaitForExitAsync();
        output.WriteLine(sipp.StandardError);

        // The BYE has arrived once sipp exits; the echo loop logs the end right after.
        for (var i = 0; i < 100 && !log.ToString().Contains("ended", StringComparison.Ordinal); i++)
            await Task.Delay(50);
        await stop.CancelAsync();
        await running;
        output.WriteLine(log.ToString());

        var errors = Path.Combine(directory, "errors.log");
        Assert.True(exit == 0, "sipp failed: " + (File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "exit " + exit));
        Assert.Equal(1, server.CallsAnswered);
        Assert.Contains("answered (PCMA", log.ToString(), StringComparison.Ordinal);
        // Four seconds of the pcap were sent before the BYE; a floor shows audio flowed both ways.
        Assert.InRange(server.FramesEchoed, 50, 600);
        Assert.Contains("ended (remote_hangup)", log.ToString(), StringComparison.Ordinal);
    }
}
