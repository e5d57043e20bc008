using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Tests.Parsing;

public sealed class RoundTripTests
{
    public static TheoryData<string> ValidInputs()
    {
        var data = new TheoryData<string>();
        foreach (string file in TortureData.AllFiles())
        {
            if (SipParser.TryParse(TortureData.Read(file), SipParserOptions.Datagram, out _, out _))
            {
                data.Add(file);
            }
        }

        foreach ((string name, _) in SampleMessages.All)
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void All_25_valid_RFC_4475_messages_and_the_samples_take_part()
    {
        Assert.Equal(25 + SampleMessages.All.Count, ValidInputs().Count);
    }

    [Theory]
    [MemberData(nameof(ValidInputs))]
    public void Serialize_then_parse_gives_the_same_values(string input)
    {
        byte[] original = input.EndsWith(".dat", StringComparison.Ordinal)
            ? TortureData.Read(input)
            : SampleMessages.All.Single(s => s.Name == input).Bytes;
        SipMessage first = SipParser.Parse(original, SipParserOptions.Datagram);
        byte[] canonical = first.ToBytes();

        // Canonical output is framed by Content-Length, so it is also valid on a stream.
        SipMessage second = SipParser.Parse(canonical, SipParserOptions.Stream);
        AssertSameValues(first, second);
        Assert.Equal(canonical, second.ToBytes());
    }

    [Fact]
    public void Canonical_form_uses_full_names_one_line_per_field_and_the_real_body_length()
    {
        SipMessage m = SipParser.Parse(SampleMessages.All.Single(s => s.Name == "RegisterRemoveAll").Bytes, SipParserOptions.Datagram);
        string text = m.ToString();
        Assert.Contains("\r\nVia: SIP/2.0/TLS client.example.com:5061;branch=z9hG4bKnashds7\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nTo: <sips:carol@example.com>\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nCall-ID: 1j9FpLxk3uxtm8tn@client.example.com\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nContact: *\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\nContent-Length: 0\r\n\r\n", text, StringComparison.Ordinal);

        SipMessage ok = SipParser.Parse(SampleMessages.All.Single(s => s.Name == "OkResponse").Bytes, SipParserOptions.Datagram);
        Assert.Contains(
            "\r\nRecord-Route: <sip:server10.biloxi.example.com;lr>, <sip:bigbox3.site3.atlanta.example.com;lr>\r\n",
            ok.ToString(),
            StringComparison.Ordinal);
        Assert.Contains("\r\nWarning: 399 example.com \"Folded, and with commas\"\r\n", ok.ToString(), StringComparison.Ordinal);
    }

    internal static void AssertSameValues(SipMessage a, SipMessage b)
    {
        Assert.Equal(a.StartLine, b.StartLine);
        if (a is SipRequest ra)
        {
            var rb = Assert.IsType<SipRequest>(b);
            Assert.Equal(ra.Method, rb.Method);
            Assert.Equal(ra.RequestUri.ToString(), rb.RequestUri.ToString());
            Assert.Equal(ra.RequestUri.User, rb.RequestUri.User);
        }
        else
        {
            var sa = (SipResponse)a;
            var sb = Assert.IsType<SipResponse>(b);
            Assert.Equal((sa.StatusCode, sa.ReasonPhrase), (sb.StatusCode, sb.ReasonPhrase));
        }

        Assert.Equal(a.Vias.Select(v => (v.Transport, v.Host, v.Port, v.Branch, v.Received, v.RPort)), b.Vias.Select(v => (v.Transport, v.Host, v.Port, v.Branch, v.Received, v.RPort)));
        Assert.Equal((a.From.DisplayName, a.From.Uri.ToString(), a.From.Tag), (b.From.DisplayName, b.From.Uri.ToString(), b.From.Tag));
        Assert.Equal((a.To.DisplayName, a.To.Uri.ToString(), a.To.Tag), (b.To.DisplayName, b.To.Uri.ToString(), b.To.Tag));
        Assert.Equal(a.CallId, b.CallId);
        Assert.Equal((a.CSeq.Sequence, a.CSeq.Method), (b.CSeq.Sequence, b.CSeq.Method));
        Assert.Equal(a.MaxForwards, b.MaxForwards);
        Assert.Equal(a.Contacts.Select(c => c.ToString()), b.Contacts.Select(c => c.ToString()));
        Assert.Equal(a.Routes.Select(r => r.ToString()), b.Routes.Select(r => r.ToString()));
        Assert.Equal(a.RecordRoutes.Select(r => r.ToString()), b.RecordRoutes.Select(r => r.ToString()));
        Assert.Equal(a.ContentType, b.ContentType);
        Assert.Equal(a.Body.ToArray(), b.Body.ToArray());
        Assert.Equal(
            a.Headers.Where(h => h.Name != "Content-Length").Select(h => h.ToString()),
            b.Headers.Where(h => h.Name != "Content-Length").Select(h => h.ToString()));
    }
}
