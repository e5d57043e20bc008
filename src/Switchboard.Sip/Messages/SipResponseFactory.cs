using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Messages;

/// <summary>
/// Builds responses to requests as RFC 3261 §8.2.6 requires: Via fields copied in order, From, Call-ID and CSeq
/// copied, To copied with a tag added (except on 100), Content-Length 0. Stateless; thread-safe.
/// </summary>
public static class SipResponseFactory
{
    /// <summary>Creates a response to a parsed request.</summary>
    /// <param name="request">The request being answered.</param>
    /// <param name="statusCode">100..699.</param>
    /// <param name="reasonPhrase">Reason phrase; the standard one when null.</param>
    /// <param name="toTag">To tag to add when the request's To has none; ignored for 100 (RFC 3261 §8.2.6.2).</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The status code is outside 100..699.</exception>
    /// <exception cref="ArgumentException">The tag is not a token.</exception>
    public static SipResponse CreateResponse(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reasonPhrase);
        CopyHeaders(request.Headers, response, statusCode, toTag);
        return response;
    }

    /// <summary>Creates the response a <see cref="SipRequestValidator"/> asked for, with its extra header fields.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static SipResponse CreateResponse(SipRequest request, SipValidationResult result, string? toTag)
    {
        ArgumentNullException.ThrowIfNull(result);
        SipResponse response = CreateResponse(request, result.StatusCode, null, toTag);
        foreach (KeyValuePair<string, string> h in result.Headers)
        {
            response.Headers.Add(h.Key, h.Value);
        }

        return response;
    }

    /// <summary>
    /// Creates the error response for a request the parser rejected with <see cref="SipParseDisposition.Respond"/>:
    /// status <see cref="SipParseError.SuggestedStatus"/>, and the reason in the reason phrase.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    /// <exception cref="ArgumentException">The error is not answerable, or the tag is not a token.</exception>
    public static SipResponse CreateErrorResponse(SipParseError error, string toTag)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Disposition != SipParseDisposition.Respond)
        {
            throw new ArgumentException("This error must be dropped silently; there is nothing to answer.", nameof(error));
        }

        if (!SipSyntax.IsToken(toTag))
        {
            throw new ArgumentException("A tag must be a non-empty token.", nameof(toTag));
        }

        string phrase = SipStatusCodes.GetReasonPhrase(error.SuggestedStatus) + " (" + error.Reason + ")";
        var response = new SipResponse(error.SuggestedStatus, phrase.Replace('\r', ' ').Replace('\n', ' '));
        CopyHeaders(error.Headers, response, error.SuggestedStatus, toTag);
        return response;
    }

    private static void CopyHeaders(IReadOnlyList<SipHeader> source, SipResponse response, int statusCode, string? toTag)
    {
        foreach (SipHeader h in source)
        {
            switch (h.Name)
            {
                case SipHeaderNames.Via:
                case SipHeaderNames.From:
                case SipHeaderNames.CallId:
                case SipHeaderNames.CSeq:
                    response.Headers.Add(h);
                    break;
                case SipHeaderNames.To:
                    response.Headers.Add(WithTag(h, statusCode, toTag));
                    break;
            }
        }
    }

    private static SipHeader WithTag(SipHeader to, int statusCode, string? toTag)
    {
        if (statusCode == 100 || toTag is null)
        {
            return to;
        }

        if (!SipSyntax.IsToken(toTag))
        {
            throw new ArgumentException("A tag must be a non-empty token.", nameof(toTag));
        }

        if (HeaderCodec.TryParse(SipHeaderNames.To, to.Value, out object? parsed, out _) && parsed is NameAddress address)
        {
            return address.Tag is null ? new SipHeader(SipHeaderNames.To, address.WithTag(toTag).ToString(), null) : to;
        }

        // A malformed To is echoed as received; a tag appended to it keeps the dialog-less response matchable.
        return new SipHeader(SipHeaderNames.To, to.Value + ";tag=" + toTag, null);
    }
}
