namespace Switchboard.Server.Tests.Telephony;

/// <summary>SIPp scenarios for the far end of outbound calls (written at test time; SIPp's built-in uas answers).</summary>
internal static class SippScenarios
{
    /// <summary>Answers every INVITE with 486 Busy Here.</summary>
    public const string Busy = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="busy">
          <recv request="INVITE" />
          <send>
            <![CDATA[
        SIP/2.0 486 Busy Here
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]>
          </send>
          <recv request="ACK" />
        </scenario>
        """;

    /// <summary>Rings (180) and never answers; our CANCEL gets 200 and the INVITE 487.</summary>
    public const string RingForever = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="ring-forever">
          <recv request="INVITE" />
          <send>
            <![CDATA[
        SIP/2.0 180 Ringing
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:[local_ip]:[local_port];transport=[transport]>
        Content-Length: 0

        ]]>
          </send>
          <recv request="CANCEL" />
          <send>
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]>
          </send>
          <send>
            <![CDATA[
        SIP/2.0 487 Request Terminated
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        CSeq: [cseq] INVITE
        Content-Length: 0

        ]]>
          </send>
          <recv request="ACK" />
        </scenario>
        """;

    /// <summary>A registrar: challenges the first REGISTER (401), checks the second carries our digest username, grants 120 s.</summary>
    /// <summary>Challenges the first REGISTER, accepts the authenticated one (expires 120), then accepts the removal (Expires: 0).</summary>
    public const string Registrar = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="registrar">
          <recv request="REGISTER" />
          <send>
            <![CDATA[
        SIP/2.0 401 Unauthorized
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        WWW-Authenticate: Digest realm="carrier.test", nonce="0123456789abcdef", algorithm=MD5, qop="auth"
        Content-Length: 0

        ]]>
          </send>
          <recv request="REGISTER">
            <action>
              <ereg regexp="Digest .*username=.trunkuser." search_in="hdr" header="Authorization:" check_it="true" assign_to="1" />
            </action>
          </recv>
          <send>
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        [last_Contact:];expires=120
        Content-Length: 0

        ]]>
          </send>
          <recv request="REGISTER">
            <action>
              <ereg regexp="^[ ]*0[ ]*$" search_in="hdr" header="Expires:" check_it="true" assign_to="2" />
            </action>
          </recv>
          <send>
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]>
          </send>
          <Reference variables="1,2" />
        </scenario>
        """;

    /// <summary>
    /// Calls the service (<c>-s</c>) with PCMU, ACKs the answer, refuses the REFER that follows with 405 Method Not Allowed
    /// (as carriers without transfer support do), then waits for our BYE and answers it.
    /// </summary>
    public const string CallerRefusingRefer = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="caller-refusing-refer">
          <send retrans="500">
            <![CDATA[
        INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:[service]@[remote_ip]:[remote_port]>
        Call-ID: [call_id]
        CSeq: 1 INVITE
        Contact: <sip:sipp@[local_ip]:[local_port]>
        Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
        Max-Forwards: 70
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=sipp 53655765 2353687637 IN IP[local_ip_type] [local_ip]
        s=-
        c=IN IP[media_ip_type] [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000

        ]]>
          </send>
          <recv response="100" optional="true" />
          <recv response="180" optional="true" />
          <recv response="200" rrs="true" />
          <send>
            <![CDATA[
        ACK [next_url] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
        Call-ID: [call_id]
        CSeq: 1 ACK
        Contact: <sip:sipp@[local_ip]:[local_port]>
        Max-Forwards: 70
        Content-Length: 0

        ]]>
          </send>
          <recv request="REFER" />
          <send>
            <![CDATA[
        SIP/2.0 405 Method Not Allowed
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
        Content-Length: 0

        ]]>
          </send>
          <recv request="BYE" />
          <send>
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]>
          </send>
        </scenario>
        """;
}
