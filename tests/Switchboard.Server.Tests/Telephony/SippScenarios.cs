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
          <Reference variables="1" />
        </scenario>
        """;
}
