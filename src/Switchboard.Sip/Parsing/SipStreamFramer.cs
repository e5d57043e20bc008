namespace Switchboard.Sip.Parsing;

/// <summary>
/// Cuts SIP messages out of a TCP/TLS byte stream (RFC 3261 §18.3): finds the end of the header section and uses
/// Content-Length, which is mandatory on streams (§20.14). Scans bytes without allocating; bounded by
/// <see cref="SipParserOptions.MaxMessageSize"/> so a peer cannot make us buffer without limit. Stateless; thread-safe.
/// </summary>
public static class SipStreamFramer
{
    /// <summary>Looks for one complete message at the start of <paramref name="buffer"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static SipFrame TryFrame(ReadOnlySpan<byte> buffer, SipParserOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int start = 0;
        while (start < buffer.Length && (buffer[start] == (byte)'\r' || buffer[start] == (byte)'\n'))
        {
            start++;
        }

        if (start == buffer.Length)
        {
            return new SipFrame(start == 0 ? SipFrameStatus.NeedMoreData : SipFrameStatus.KeepAlive, 0, 0, start, null);
        }

        SipParser.FindHeaderEnd(buffer, start, out int headerEnd, out int bodyStart);
        if (headerEnd < 0)
        {
            return buffer.Length - start > options.MaxMessageSize
                ? Invalid(start, 513, $"Header section longer than {options.MaxMessageSize} bytes")
                : new SipFrame(SipFrameStatus.NeedMoreData, start, 0, 0, null);
        }

        long contentLength = FindContentLength(buffer[start..headerEnd], out string? error);
        if (error is not null)
        {
            return Invalid(start, 400, error);
        }

        long total = (long)(bodyStart - start) + contentLength;
        if (total > options.MaxMessageSize)
        {
            return Invalid(start, 513, $"Message larger than {options.MaxMessageSize} bytes");
        }

        return buffer.Length - start < total
            ? new SipFrame(SipFrameStatus.NeedMoreData, start, 0, 0, null)
            : new SipFrame(SipFrameStatus.Complete, start, (int)total, start + (int)total, null);
    }

    private static SipFrame Invalid(int start, int status, string reason) =>
        new(SipFrameStatus.Invalid, start, 0, 0, SipParseError.Drop(status, reason));

    /// <summary>Content-Length (or its compact form l) from raw header bytes, folding lines as the parser does.</summary>
    private static long FindContentLength(ReadOnlySpan<byte> headers, out string? error)
    {
        error = null;
        long found = -1;
        int pos = headers.IndexOf((byte)'\n') + 1; // skip the start line
        if (pos == 0)
        {
            error = "Content-Length is mandatory on stream transports";
            return 0;
        }

        while (pos < headers.Length)
        {
            int nl = headers[pos..].IndexOf((byte)'\n');
            int end = nl < 0 ? headers.Length : pos + nl;
            ReadOnlySpan<byte> line = headers[pos..end];
            pos = end + 1;
            int colon = line.IndexOf((byte)':');
            if (colon < 0 || line.IsEmpty || line[0] is (byte)' ' or (byte)'\t')
            {
                continue;
            }

            ReadOnlySpan<byte> name = line[..colon].TrimEnd(" \t"u8);
            if (!name.SequenceEqual("l"u8) && !name.SequenceEqual("L"u8) && !System.Text.Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                continue;
            }

            ReadOnlySpan<byte> value = line[(colon + 1)..].Trim(" \t\r"u8);
            // A folded value continues on following lines that start with whitespace.
            while (value.IsEmpty && pos < headers.Length && headers[pos] is (byte)' ' or (byte)'\t')
            {
                int n2 = headers[pos..].IndexOf((byte)'\n');
                int e2 = n2 < 0 ? headers.Length : pos + n2;
                value = headers[pos..e2].Trim(" \t\r"u8);
                pos = e2 + 1;
            }

            long v = 0;
            if (value.IsEmpty || value.Length > 10)
            {
                error = "Malformed Content-Length";
                return 0;
            }

            foreach (byte b in value)
            {
                if (b is < (byte)'0' or > (byte)'9')
                {
                    error = "Malformed Content-Length";
                    return 0;
                }

                v = (v * 10) + (b - '0');
            }

            if (found >= 0)
            {
                // Two Content-Length fields make the stream unframeable (RFC 4475 §3.3.9).
                error = "Multiple Content-Length header fields";
                return 0;
            }

            found = v;
        }

        if (found < 0)
        {
            error = "Content-Length is mandatory on stream transports";
            return 0;
        }

        return found;
    }
}
