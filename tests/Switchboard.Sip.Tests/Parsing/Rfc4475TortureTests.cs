using System.Text;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Tests.Parsing;

/// <summary>
/// Every message of RFC 4475 Appendix A, byte for byte from /work/shared/testdata, with the outcome the RFC's text
/// describes. Section numbers refer to RFC 4475. docs/sip/rfc4475.md summarises the table.
/// </summary>
public sealed class Rfc4475TortureTests
{
    private static readonly SipRequestValidator Uas = new();

    private static readonly Dictionary<string, Action<byte[]>> Checks = new(StringComparer.Ordinal)
    {
        // 3.1.1 Valid messages
        ["wsinv.dat"] = Wsinv,
        ["intmeth.dat"] = Intmeth,
        ["esc01.dat"] = Esc01,
        ["escnull.dat"] = Escnull,
        ["esc02.dat"] = Esc02,
        ["lwsdisp.dat"] = Lwsdisp,
        ["longreq.dat"] = Longreq,
        ["dblreq.dat"] = Dblreq,
        ["semiuri.dat"] = Semiuri,
        ["transports.dat"] = Transports,
        ["mpart01.dat"] = Mpart01,
        ["unreason.dat"] = Unreason,
        ["noreason.dat"] = Noreason,

        // 3.1.2 Invalid messages
        ["badinv01.dat"] = b => Rejected(b, 400, "Via"),
        ["clerr.dat"] = Clerr,
        ["ncl.dat"] = b => Rejected(b, 400, "Content-Length"),
        ["scalar02.dat"] = b => Rejected(b, 400, "CSeq"),
        ["scalarlg.dat"] = b => Dropped(b, "CSeq"),
        ["quotbal.dat"] = b => Rejected(b, 400, "To"),
        ["ltgtruri.dat"] = b => Rejected(b, 400, "Request-URI"),
        ["lwsruri.dat"] = b => Rejected(b, 400, "Request line"),
        ["lwsstart.dat"] = b => Rejected(b, 400, "Request line"),
        ["trws.dat"] = b => Rejected(b, 400, "Request line"),
        ["escruri.dat"] = b => Rejected(b, 400, "Request-URI must not contain headers"),
        ["baddate.dat"] = b => Rejected(b, 400, "Date"),
        ["regbadct.dat"] = b => Rejected(b, 400, "Contact"),
        ["badaspec.dat"] = b => Rejected(b, 400, "To"),
        ["baddn.dat"] = b => Rejected(b, 400, "From"),
        ["badvers.dat"] = b => Rejected(b, 505, "version"),
        ["mismatch01.dat"] = b => Rejected(b, 400, "CSeq method"),
        ["mismatch02.dat"] = b => Rejected(b, 501, "not implemented"),
        ["bigcode.dat"] = b => Dropped(b, "Status code"),

        // 3.2 Transaction layer semantics
        ["badbranch.dat"] = Badbranch,

        // 3.3 Application layer semantics
        ["insuf.dat"] = Insuf,
        ["unkscm.dat"] = b => Rejected(b, 416, "scheme"),
        ["novelsc.dat"] = b => Rejected(b, 416, "scheme"),
        ["unksm2.dat"] = Unksm2,
        ["bext01.dat"] = Bext01,
        ["invut.dat"] = Invut,
        ["regaut01.dat"] = Regaut01,
        ["multi01.dat"] = b => Rejected(b, 400, "Multiple"),
        ["mcl01.dat"] = b => Rejected(b, 400, "Multiple Content-Length"),
        ["bcast.dat"] = Bcast,
        ["zeromf.dat"] = Zeromf,
        ["cparam01.dat"] = Cparam01,
        ["cparam02.dat"] = Cparam02,
        ["regescrt.dat"] = Regescrt,
        ["sdp01.dat"] = Sdp01,

        // 3.4 Backward compatibility
        ["inv2543.dat"] = Inv2543,

        // Shipped with the Appendix A archive without a section of its own: no SIP-Version, no Via, a line without ':'.
        ["test.dat"] = b => Dropped(b, "Request line"),
    };

    public static TheoryData<string> Files() => new(Checks.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void Every_file_in_the_test_data_has_a_check_and_there_are_fifty()
    {
        IReadOnlyList<string> files = TortureData.AllFiles();
        Assert.Equal(50, files.Count);
        Assert.Equal(Checks.Keys.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Message_has_the_outcome_RFC_4475_describes(string file) => Checks[file](TortureData.Read(file));

    // ---------- helpers ----------

    private static SipMessage Parsed(byte[] bytes, SipParserOptions? options = null)
    {
        bool ok = SipParser.TryParse(bytes, options ?? SipParserOptions.Datagram, out SipMessage? message, out SipParseError? error);
        Assert.True(ok, $"expected to parse, got {error}");
        return message!;
    }

    private static SipRequest Request(byte[] bytes) => Assert.IsType<SipRequest>(Parsed(bytes));

    private static SipParseError Rejected(byte[] bytes, int status, string reasonFragment)
    {
        Assert.False(SipParser.TryParse(bytes, SipParserOptions.Datagram, out _, out SipParseError? error));
        Assert.Equal(status, error!.SuggestedStatus);
        Assert.Equal(SipParseDisposition.Respond, error.Disposition);
        Assert.Contains(reasonFragment, error.Reason, StringComparison.OrdinalIgnoreCase);

        // The answer copies Via/From/To/Call-ID/CSeq as received (RFC 3261 §8.2.6), adding a To tag when there was none.
        SipResponse response = SipResponseFactory.CreateErrorResponse(error, "srv1");
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(
            error.Headers.Where(h => h.Name == "Via").Select(h => h.Value),
            response.Headers.GetAll("Via").Select(h => h.Value));
        Assert.Equal(error.Headers.FirstOrDefault(h => h.Name == "CSeq")?.Value, response.Headers.GetFirstValue("CSeq"));
        Assert.Equal(error.Headers.FirstOrDefault(h => h.Name == "Call-ID")?.Value, response.Headers.GetFirstValue("Call-ID"));
        string? to = response.Headers.GetFirstValue("To");
        if (to is not null)
        {
            Assert.Contains("tag=", to, StringComparison.Ordinal);
        }

        return error;
    }

    private static void Dropped(byte[] bytes, string reasonFragment)
    {
        Assert.False(SipParser.TryParse(bytes, SipParserOptions.Datagram, out _, out SipParseError? error));
        Assert.Equal(SipParseDisposition.Drop, error!.Disposition);
        Assert.Contains(reasonFragment, error.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>(() => SipResponseFactory.CreateErrorResponse(error, "t"));
    }


    // ---------- 3.1.1 valid ----------

    private static void Wsinv(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("INVITE", r.Method);
        Assert.Equal("sip:vivekg@chair-dnrc.example.com;unknownparam", r.RequestUri.ToString());
        Assert.True(r.RequestUri.Parameters.Contains("unknownparam"));
        Assert.Equal("1918181833n", r.To.Tag);
        Assert.Null(r.To.DisplayName);
        Assert.Equal("J Rosenberg \\\"", r.From.DisplayName);
        Assert.Equal("98asjd8", r.From.Tag);
        Assert.Equal(68, r.MaxForwards);
        Assert.Equal(9u, r.CSeq.Sequence);
        Assert.Equal("INVITE", r.CSeq.Method);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", r.CallId);

        IReadOnlyList<ViaHeader> vias = r.Vias;
        Assert.Equal(3, vias.Count);
        Assert.Equal(("UDP", "192.0.2.2", "390skdjuw"), (vias[0].Transport, vias[0].Host, vias[0].Branch));
        Assert.Equal(("TCP", "spindle.example.com", "z9hG4bK9ikj8"), (vias[1].Transport, vias[1].Host, vias[1].Branch));
        Assert.Equal(("UDP", "192.168.255.111", "z9hG4bK30239"), (vias[2].Transport, vias[2].Host, vias[2].Branch));

        Assert.Equal(string.Empty, r.Headers.GetFirstValue("Subject"));
        Assert.Equal("newfangled value continued newfangled value", r.Headers.GetFirstValue("NewFangledHeader"));
        Assert.Equal(";;,,;;,;", r.Headers.GetFirstValue("UnknownHeaderWithUnusualValue"));
        Assert.Contains(r.Headers, h => h.Name == "NewFangledHeader");

        NameAddress route = Assert.Single(r.Routes);
        Assert.Equal("services.example.com", route.Uri.Host);
        Assert.Equal(["lr", "unknownwith", "unknown-no-value"], route.Uri.Parameters.Select(p => p.Name));
        Assert.Equal("value", route.Uri.Parameters.GetValue("unknownwith"));

        ContactHeader contact = Assert.Single(r.Contacts);
        Assert.Equal("Quoted string \"\"", contact.Address!.DisplayName);
        Assert.Equal("newvalue", contact.Address.Parameters.GetValue("newparam"));
        Assert.True(contact.Address.Parameters.Contains("secondparam"));
        Assert.Equal(0.33, contact.Q);
        Assert.Equal("application/sdp", r.ContentType);
        Assert.Equal(150, r.Body.Length);
        Assert.Null(Uas.Validate(r));
    }

    private static void Intmeth(byte[] b)
    {
        const string method = "!interesting-Method0123456789_*+`.%indeed'~";
        SipRequest r = Request(b);
        Assert.Equal(method, r.Method);
        Assert.Equal(method, r.CSeq.Method);
        Assert.Equal(139122385u, r.CSeq.Sequence);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", r.RequestUri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", r.RequestUri.Password);
        Assert.Equal("example.com", r.RequestUri.Host);
        Assert.Equal("z9hG4bK-.!%66*_+`'~", r.TopVia!.Branch);
        Assert.Equal("BEL:\a NUL:\0 DEL:\u007F", r.To.DisplayName);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", r.To.Uri.User);
        Assert.Equal("token1~` token2'+_ token3*%!.-", r.From.DisplayName);
        Assert.Equal("\"работающий\"", r.From.Parameters.GetValue("fromParam''~+*_!.-%"));
        Assert.Equal("_token~1'+`*%!-.", r.From.Tag);
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", r.CallId);
        Assert.Equal(255, r.MaxForwards);
        Assert.Equal("\uFEFF大停電", r.Headers.GetFirstValue("extensionHeader-!.%*+_`'~"));
        Assert.Equal(0, r.ContentLength);

        // Syntactically fine, but no UAS implements this method.
        Assert.Equal(501, Uas.Validate(r)!.StatusCode);
    }

    private static void Esc01(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("sips:user@example.com", r.RequestUri.User);
        Assert.Equal("example.net", r.RequestUri.Host);
        Assert.Equal("user", r.To.Uri.User);
        Assert.Equal("I have spaces", r.From.Uri.User);
        SipUriAssert(r.Contacts[0].Address!.Uri);
        Assert.Equal("application/sdp", r.ContentType);
        Assert.Equal(150, r.Body.Length);

        static void SipUriAssert(Switchboard.Sip.Uris.SipUri uri)
        {
            Assert.Equal("caller", uri.User);
            Assert.True(uri.Parameters.Contains("lr"));
            Assert.Equal("value%41", uri.Parameters.GetValue("name"));
        }
    }

    private static void Escnull(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("null-\0-null", r.To.Uri.User);
        Assert.Equal("null-\0-null", r.From.Uri.User);
        Assert.Equal(["\0", "\0\0"], r.Contacts.Select(c => c.Address!.Uri.User));
        Assert.Equal("sip:null-%00-null@example.com", r.To.Uri.ToString());
        Assert.Equal(0, r.ContentLength);
    }

    private static void Esc02(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("RE%47IST%45R", r.Method);
        Assert.NotEqual(SipMethods.Register, r.Method);
        Assert.Equal("%Z%45", r.To.DisplayName);
        Assert.Equal("%Z%45", r.From.DisplayName);
        Assert.Equal("z9hG4bK209%fzsnel234", r.TopVia!.Branch);
        Assert.Equal(["alias1", "alias3"], r.Contacts.Select(c => c.Address!.Uri.User));
        Assert.Equal("<sip:alias2@host2.example.com>", r.Headers.GetFirstValue("C%6Fntact"));
        Assert.Equal(501, Uas.Validate(r)!.StatusCode);
    }

    private static void Lwsdisp(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("caller", r.From.DisplayName);
        Assert.Equal("caller", r.From.Uri.User);
        Assert.Equal("323", r.From.Tag);
        Assert.Null(Uas.Validate(r));
    }

    private static void Longreq(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.StartsWith("I have a user name of extremeextreme", r.To.DisplayName, StringComparison.Ordinal);
        Assert.EndsWith("extreme proportion", r.To.DisplayName, StringComparison.Ordinal);
        Assert.Equal(6000, r.To.Uri.Port);
        Assert.StartsWith("verylonglong", r.To.Uri.Parameters.GetValue("unknownparam1"), StringComparison.Ordinal);
        Assert.EndsWith("longvalue", r.To.Uri.Parameters.GetValue("unknownparam1"), StringComparison.Ordinal);
        Assert.Equal("shortvalue", r.To.Uri.Parameters[1].Value);
        Assert.StartsWith("amazinglylongcallername", r.From.Uri.User, StringComparison.Ordinal);
        Assert.StartsWith("129829829829", r.From.Tag, StringComparison.Ordinal);
        Assert.StartsWith("longreq.onereallyreally", r.CallId, StringComparison.Ordinal);
        Assert.Contains(r.Headers, h => h.Name.StartsWith("Unknown-LongLong", StringComparison.Ordinal) && h.Value.StartsWith("unknown-longlong", StringComparison.Ordinal));

        IReadOnlyList<ViaHeader> vias = r.Vias;
        Assert.Equal(34, vias.Count);
        Assert.Equal("sip33.example.com", vias[0].Host);
        Assert.Equal("sip1.example.com", vias[32].Host);
        Assert.Equal("192.0.2.5", vias[33].Received);
        Assert.StartsWith("verylonglong", vias[33].Branch, StringComparison.Ordinal);
        Assert.EndsWith("branchvalue", vias[33].Branch, StringComparison.Ordinal);
        Assert.All(vias, v => Assert.Equal("TCP", v.Transport));
        Assert.Equal(150, r.Body.Length);
    }

    private static void Dblreq(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal(SipMethods.Register, r.Method);
        Assert.Equal("dblreq.0ha0isndaksdj99sdfafnl3lk233412", r.CallId);
        Assert.Equal(0, r.Body.Length);

        // On a stream the same bytes are two messages; the framer cuts the first exactly at its Content-Length.
        SipFrame frame = SipStreamFramer.TryFrame(b, SipParserOptions.Stream);
        Assert.Equal(SipFrameStatus.Complete, frame.Status);
        Assert.True(SipParser.TryParse(b.AsSpan(frame.MessageOffset, frame.MessageLength), SipParserOptions.Stream, out SipMessage? first, out _));
        Assert.Equal(SipMethods.Register, ((SipRequest)first!).Method);
        SipFrame second = SipStreamFramer.TryFrame(b.AsSpan(frame.BytesConsumed), SipParserOptions.Stream);
        Assert.Equal(SipFrameStatus.Complete, second.Status);
        var invite = (SipRequest)SipParser.Parse(b.AsSpan(frame.BytesConsumed + second.MessageOffset, second.MessageLength), SipParserOptions.Stream);
        Assert.Equal(SipMethods.Invite, invite.Method);
    }

    private static void Semiuri(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("user;par=u@example.net", r.RequestUri.User);
        Assert.Equal("example.com", r.RequestUri.Host);
        Assert.Empty(r.RequestUri.Parameters);
        Assert.Equal(
            "application/sdp, application/pkcs7-mime, multipart/mixed, multipart/signed, message/sip, message/sipfrag",
            r.Headers.GetFirstValue("Accept"));
    }

    private static void Transports(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], r.Vias.Select(v => v.Transport));
        Assert.Equal("t4.example.com", r.Vias[3].Host);
    }

    private static void Mpart01(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal(SipMethods.Message, r.Method);
        Assert.Equal("multipart/mixed;boundary=7a9cbec02ceef655", r.ContentType);
        Assert.Equal(553, r.Body.Length);
        Assert.True(r.TopVia!.HasRPort);
        Assert.Null(r.TopVia.RPort);
        Assert.Equal(5070, r.TopVia.Port);
        Assert.Equal(new DateTimeOffset(2005, 10, 15, 4, 44, 56, TimeSpan.Zero), r.Date);
        Assert.Equal(b.AsSpan(b.Length - 553).ToArray(), r.Body.ToArray());
    }

    private static void Unreason(byte[] b)
    {
        SipResponse r = Assert.IsType<SipResponse>(Parsed(b));
        Assert.Equal(200, r.StatusCode);
        Assert.StartsWith("= 2**3 * 5**2 но", r.ReasonPhrase, StringComparison.Ordinal);
        Assert.EndsWith("простое", r.ReasonPhrase, StringComparison.Ordinal);
        Assert.Equal(154, r.Body.Length);
    }

    private static void Noreason(byte[] b)
    {
        SipResponse r = Assert.IsType<SipResponse>(Parsed(b));
        Assert.Equal(100, r.StatusCode);
        Assert.Equal(string.Empty, r.ReasonPhrase);
    }

    // ---------- 3.1.2 invalid ----------

    private static void Clerr(byte[] b)
    {
        // Over UDP the body is short: 400. On a stream the framer simply waits for the rest.
        Rejected(b, 400, "Content-Length 9999");
        Assert.Equal(SipFrameStatus.NeedMoreData, SipStreamFramer.TryFrame(b, SipParserOptions.Stream).Status);
    }

    // ---------- 3.2 / 3.3 / 3.4 ----------

    private static void Badbranch(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("z9hG4bK", r.TopVia!.Branch);
        Assert.False(r.TopVia.HasRfc3261Branch);
        Assert.Equal(400, Uas.Validate(r)!.StatusCode);
    }

    private static void Insuf(byte[] b)
    {
        SipParseError e = Rejected(b, 400, "Missing mandatory");
        Assert.Contains("From", e.Reason, StringComparison.Ordinal);
        Assert.Contains("To", e.Reason, StringComparison.Ordinal);
        Assert.Contains("Call-ID", e.Reason, StringComparison.Ordinal);
        SipResponse response = SipResponseFactory.CreateErrorResponse(e, "x");
        Assert.Equal("SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf", response.Headers.GetFirstValue("Via"));
        Assert.Equal("193942 INVITE", response.Headers.GetFirstValue("CSeq"));
    }

    private static void Unksm2(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("isbn", r.To.Uri.Scheme);
        Assert.Equal("2983792873", r.To.Uri.Opaque);
        Assert.Equal("http://www.example.com", r.From.Uri.ToString());
        Assert.Equal("name:John_Smith", r.Contacts[0].Address!.Uri.ToString());
        SipValidationResult result = Uas.Validate(r)!;
        Assert.Equal(416, result.StatusCode);
    }

    private static void Bext01(byte[] b)
    {
        SipRequest r = Request(b);
        SipValidationResult result = Uas.Validate(r)!;
        Assert.Equal(420, result.StatusCode);
        KeyValuePair<string, string> unsupported = Assert.Single(result.Headers);
        Assert.Equal("Unsupported", unsupported.Key);
        Assert.Equal("nothingSupportsThis, nothingSupportsThisEither", unsupported.Value);
        SipResponse response = SipResponseFactory.CreateResponse(r, result, "uas1");
        Assert.Equal("nothingSupportsThis, nothingSupportsThisEither", response.Headers.GetFirstValue("Unsupported"));
        Assert.DoesNotContain("noProxiesSupportThis", response.ToString(), StringComparison.Ordinal);
    }

    private static void Invut(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("application/unknownformat", r.ContentType);
        SipValidationResult result = Uas.Validate(r)!;
        Assert.Equal(415, result.StatusCode);
        Assert.Equal(new KeyValuePair<string, string>("Accept", "application/sdp"), Assert.Single(result.Headers));
    }

    private static void Regaut01(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("NoOneKnowsThisScheme opaque-data=here", r.Headers.GetFirstValue("Authorization"));
        Assert.Equal(401, Uas.Validate(r)!.StatusCode);
    }

    private static void Bcast(byte[] b)
    {
        SipResponse r = Assert.IsType<SipResponse>(Parsed(b));
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("255.255.255.255", r.Vias[1].Host);
        Assert.Equal("192.0.2.198", r.TopVia!.Host);
    }

    private static void Zeromf(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal(0, r.MaxForwards);
        Assert.Null(Uas.Validate(r)); // 483 is for elements that would forward; a UAS answers OPTIONS normally.
    }

    private static void Cparam01(byte[] b)
    {
        SipRequest r = Request(b);
        NameAddress contact = r.Contacts[0].Address!;
        Assert.True(contact.Parameters.Contains("unknownparam"));
        Assert.Empty(contact.Uri.Parameters);
        Assert.Equal("+19725552222", contact.Uri.User);
        Assert.Null(Uas.Validate(r));
    }

    private static void Cparam02(byte[] b)
    {
        SipRequest r = Request(b);
        NameAddress contact = r.Contacts[0].Address!;
        Assert.Empty(contact.Parameters);
        Assert.True(contact.Uri.Parameters.Contains("unknownparam"));
        Assert.Null(Uas.Validate(r));
    }

    private static void Regescrt(byte[] b)
    {
        SipRequest r = Request(b);
        KeyValuePair<string, string> header = Assert.Single(r.Contacts[0].Address!.Uri.Headers);
        Assert.Equal(new KeyValuePair<string, string>("Route", "<sip:sip.example.com>"), header);
        Assert.Equal("sip:user@example.com?Route=%3Csip:sip.example.com%3E", r.Contacts[0].Address!.Uri.ToString());
        Assert.Null(Uas.Validate(r));
    }

    private static void Sdp01(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Equal("text/nobodyKnowsThis", r.Headers.GetFirstValue("Accept"));
        Assert.Equal(406, Uas.Validate(r)!.StatusCode);
    }

    private static void Inv2543(byte[] b)
    {
        SipRequest r = Request(b);
        Assert.Null(r.TopVia!.Branch);
        Assert.Equal("iftgw.example.com", r.TopVia.Host);
        Assert.Null(r.MaxForwards);
        Assert.Null(r.ContentLength);
        Assert.Null(r.From.Tag);
        Assert.Equal("phone", r.From.Uri.Parameters.GetValue("user"));
        Assert.Equal("phone", r.To.Parameters.GetValue("user")); // outside <>: a header parameter
        Assert.Empty(r.To.Uri.Parameters);
        Assert.Equal("ss1.example.com", r.RecordRoutes[0].Uri.Parameters.GetValue("maddr"));
        Assert.True(r.Body.Length > 0);
        Assert.EndsWith("m=audio 49217 RTP/AVP 0\r\n", Encoding.UTF8.GetString(r.Body.Span), StringComparison.Ordinal);

        // Without Content-Length the message cannot be framed on a stream.
        Assert.False(SipParser.TryParse(b, SipParserOptions.Stream, out _, out SipParseError? streamError));
        Assert.Contains("Content-Length", streamError!.Reason, StringComparison.Ordinal);
    }
}
