using System.Text;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Tests.Parsing;

public sealed class SipStreamFramerTests
{
    private static readonly byte[] Invite = SampleMessages.All.Single(s => s.Name == "Invite").Bytes;

    [Fact]
    public void Frames_back_to_back_messages_and_skips_keepalive_crlfs()
    {
        byte[] stream = [.. "\r\n\r\n"u8, .. Invite, .. Invite];
        SipFrame first = SipStreamFramer.TryFrame(stream, SipParserOptions.Stream);
        Assert.Equal(SipFrameStatus.Complete, first.Status);
        Assert.Equal(4, first.MessageOffset);
        Assert.Equal(Invite.Length, first.MessageLength);
        Assert.Equal(4 + Invite.Length, first.BytesConsumed);

        SipFrame second = SipStreamFramer.TryFrame(stream.AsSpan(first.BytesConsumed), SipParserOptions.Stream);
        Assert.Equal(SipFrameStatus.Complete, second.Status);
        Assert.Equal(Invite.Length, second.BytesConsumed);
    }

    [Fact]
    public void Every_prefix_of_a_message_needs_more_data()
    {
        for (int n = 1; n < Invite.Length; n++)
        {
            Assert.Equal(SipFrameStatus.NeedMoreData, SipStreamFramer.TryFrame(Invite.AsSpan(0, n), SipParserOptions.Stream).Status);
        }
    }

    [Fact]
    public void Only_crlfs_are_a_keepalive()
    {
        SipFrame frame = SipStreamFramer.TryFrame("\r\n\r\n"u8, SipParserOptions.Stream);
        Assert.Equal(SipFrameStatus.KeepAlive, frame.Status);
        Assert.Equal(4, frame.BytesConsumed);
        Assert.Equal(SipFrameStatus.NeedMoreData, SipStreamFramer.TryFrame([], SipParserOptions.Stream).Status);
    }

    [Theory]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n", "mandatory")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n", "Malformed")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 1\r\n\r\nx", "Multiple")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 99999999999\r\n\r\n", "Malformed")]
    public void Unframeable_streams_are_invalid(string text, string reason)
    {
        SipFrame frame = SipStreamFramer.TryFrame(Encoding.ASCII.GetBytes(text), SipParserOptions.Stream);
        Assert.Equal(SipFrameStatus.Invalid, frame.Status);
        Assert.Contains(reason, frame.Error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_length_compact_and_folded_forms_are_understood()
    {
        byte[] msg = Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nCONTENT-length :\r\n 3\r\n\r\nabcEXTRA");
        SipFrame frame = SipStreamFramer.TryFrame(msg, SipParserOptions.Stream);
        Assert.Equal(SipFrameStatus.Complete, frame.Status);
        Assert.Equal(msg.Length - 5, frame.MessageLength);
    }

    [Fact]
    public void Size_limit_bounds_buffering()
    {
        var options = new SipParserOptions { IsStreamTransport = true, MaxMessageSize = 1024 };
        byte[] big = Encoding.ASCII.GetBytes("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n");
        Assert.Equal(513, SipStreamFramer.TryFrame(big, options).Error!.SuggestedStatus);

        byte[] endless = [.. "OPTIONS sip:a@b SIP/2.0\r\nX: "u8, .. new byte[2000]];
        Assert.Equal(SipFrameStatus.Invalid, SipStreamFramer.TryFrame(endless, options).Status);
        Assert.Throws<ArgumentNullException>(() => SipStreamFramer.TryFrame(big, null!));
    }
}
