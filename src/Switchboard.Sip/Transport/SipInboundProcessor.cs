using System.Security.Cryptography;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Transport;

/// <summary>
/// What every transport does with received bytes: parse, stamp the Via of requests, and build the error response the
/// parser suggests for bad requests (or nothing when it says drop). Stateless; thread-safe.
/// </summary>
internal static class SipInboundProcessor
{
    /// <summary>Returns the message to deliver, or null; <paramref name="reply"/> is an error response to send back.</summary>
    public static SipMessage? Process(ReadOnlySpan<byte> data, SipParserOptions options, SipEndPoint source, out SipResponse? reply)
    {
        reply = null;
        if (!SipParser.TryParse(data, options, out SipMessage? message, out SipParseError? error))
        {
            // An ACK is never answered (RFC 3261 §17.2.1), not even a malformed one: its CSeq still names it.
            if (error.Disposition == SipParseDisposition.Respond && !IsAck(error))
            {
                reply = SipResponseFactory.CreateErrorResponse(error, NewTag());
            }

            return null;
        }

        if (message is SipRequest { TopVia: ViaHeader via })
        {
            SipViaProcessor.StampReceived(via, source);
        }

        return message;
    }

    private static bool IsAck(SipParseError error)
    {
        foreach (SipHeader h in error.Headers)
        {
            if (h.Name == SipHeaderNames.CSeq && h.Value.TrimEnd().EndsWith(" ACK", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A random token for To tags and branches (RFC 3261 §19.3: at least 32 bits of randomness).</summary>
    public static string NewTag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
