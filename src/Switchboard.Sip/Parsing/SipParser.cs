using System.Diagnostics.CodeAnalysis;
using System.Text;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Parsing;

/// <summary>
/// Parses one SIP message (RFC 3261 §7, §20, §25) from a datagram or from a frame cut by <see cref="SipStreamFramer"/>.
/// Bounded (message size, header count, line length), linear in the input, iterative (no recursion); never throws on
/// bad input from <see cref="TryParse(ReadOnlySpan{byte}, SipParserOptions, out SipMessage?, out SipParseError?)"/>.
/// Stateless and thread-safe. The returned message owns copies of everything it needs; the input can be reused.
/// </summary>
public static class SipParser
{
    private const string SipVersion = "SIP/2.0";

    /// <summary>Parses a message, returning either the message or the reason it was rejected.</summary>
    /// <param name="data">One datagram, or one frame from <see cref="SipStreamFramer"/>; not retained.</param>
    /// <param name="options">Limits and transport; see <see cref="SipParserOptions.Datagram"/> and <see cref="SipParserOptions.Stream"/>.</param>
    /// <param name="message">The message, which owns copies of everything it holds.</param>
    /// <param name="error">Why the input was rejected, with the suggested status and whether to answer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="options"/> has limits too small for any message.</exception>
    public static bool TryParse(
        ReadOnlySpan<byte> data,
        SipParserOptions options,
        [NotNullWhen(true)] out SipMessage? message,
        [NotNullWhen(false)] out SipParseError? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        message = null;
        error = null;
        if (data.Length > options.MaxMessageSize)
        {
            error = SipParseError.Drop(513, $"Message larger than {options.MaxMessageSize} bytes");
            return false;
        }

        // RFC 3261 §7.5: empty lines before the start line are ignored.
        int start = 0;
        while (start < data.Length && (data[start] == (byte)'\r' || data[start] == (byte)'\n'))
        {
            start++;
        }

        if (start == data.Length)
        {
            error = SipParseError.Drop(400, "Empty message");
            return false;
        }

        FindHeaderEnd(data, start, out int headerEnd, out int bodyStart);
        if (headerEnd < 0)
        {
            if (options.IsStreamTransport)
            {
                error = SipParseError.Drop(400, "Header section is not terminated by an empty line");
                return false;
            }

            // A datagram ends the message anyway; RFC 4475's baddn.dat lacks the final empty line.
            headerEnd = data.Length;
            bodyStart = data.Length;
        }

        string text = Encoding.UTF8.GetString(data[start..headerEnd]);
        var state = new ParseState();
        ReadLines(text, options, ref state);
        SipMessage? msg = state.Message;

        if (msg is not null && state.Error is null)
        {
            CheckSemantics(msg, ref state);
        }

        int bodyLength = data.Length - bodyStart;
        if (msg is not null && state.Error is null)
        {
            int? declared = msg.ContentLength;
            if (declared is int cl)
            {
                if (cl > bodyLength)
                {
                    state.Fail(400, $"Content-Length {cl} is larger than the {bodyLength} body bytes received");
                }
                else
                {
                    // Extra octets after Content-Length in a datagram are discarded (RFC 3261 §18.3, RFC 4475 §3.1.1.8).
                    bodyLength = cl;
                }
            }
            else if (options.IsStreamTransport)
            {
                state.Fail(400, "Content-Length is mandatory on stream transports");
            }
        }

        if (state.Error is not null || msg is null)
        {
            SipParseError e = state.Error ?? SipParseError.Drop(400, "Malformed start line");
            // Answerable: a request whose method is known and which names a Via; an unusable Via still lets the transport
            // answer to the packet's source (RFC 3261 §18.2.2), while a response or a Via-less request can only be dropped.
            bool answerable = state.IsRequest && state.Method is not null && state.Headers.Exists(h => h.Name == SipHeaderNames.Via);
            error = e.WithRequest(state.Method, state.Headers, answerable);
            return false;
        }

        msg.Body = bodyLength > 0 ? data.Slice(bodyStart, bodyLength).ToArray() : ReadOnlyMemory<byte>.Empty;
        message = msg;
        return true;
    }

    /// <summary>Parses a message from memory.</summary>
    public static bool TryParse(
        ReadOnlyMemory<byte> data,
        SipParserOptions options,
        [NotNullWhen(true)] out SipMessage? message,
        [NotNullWhen(false)] out SipParseError? error) => TryParse(data.Span, options, out message, out error);

    /// <summary>Parses a message or throws.</summary>
    /// <exception cref="SipParseException">The message is invalid; see <see cref="SipParseException.Error"/>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static SipMessage Parse(ReadOnlySpan<byte> data, SipParserOptions options) =>
        TryParse(data, options, out SipMessage? message, out SipParseError? error) ? message : throw new SipParseException(error);

    /// <summary>Finds the empty line ending the header section; accepts CRLF and, leniently, bare LF line ends.</summary>
    internal static void FindHeaderEnd(ReadOnlySpan<byte> data, int start, out int headerEnd, out int bodyStart)
    {
        int pos = start;
        while (pos < data.Length)
        {
            int nl = data[pos..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            int p = pos + nl;
            if (p + 1 < data.Length && data[p + 1] == (byte)'\n')
            {
                headerEnd = p;
                bodyStart = p + 2;
                return;
            }

            if (p + 2 < data.Length && data[p + 1] == (byte)'\r' && data[p + 2] == (byte)'\n')
            {
                headerEnd = p;
                bodyStart = p + 3;
                return;
            }

            pos = p + 1;
        }

        headerEnd = -1;
        bodyStart = -1;
    }

    private static void ReadLines(string text, SipParserOptions options, ref ParseState state)
    {
        var value = new StringBuilder();
        string? name = null;
        int pos = 0;
        bool first = true;
        while (pos <= text.Length)
        {
            int nl = text.IndexOf('\n', pos);
            int end = nl < 0 ? text.Length : nl;
            ReadOnlySpan<char> line = text.AsSpan(pos, end - pos);
            pos = end + 1;
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            if (line.Length > options.MaxLineLength)
            {
                state.Fail(400, $"Line longer than {options.MaxLineLength} characters");
                break;
            }

            if (line.Contains('\r'))
            {
                // CR only ever appears in CRLF (RFC 3261 §7); a bare one would let a value smuggle a line break.
                state.Fail(400, "Bare CR inside a line");
                line = [];
            }

            if (first)
            {
                first = false;
                ParseStartLine(line, options, ref state);
                continue;
            }

            if (!line.IsEmpty && SipSyntax.IsWs(line[0]))
            {
                if (name is null)
                {
                    state.Fail(400, "Continuation line before the first header");
                    continue;
                }

                value.Append(' ').Append(line.Trim(" \t"));
                continue;
            }

            if (name is not null)
            {
                AddHeader(name, value.ToString().Trim(' ', '\t'), ref state);
                name = null;
            }

            if (line.IsEmpty)
            {
                continue;
            }

            if (state.Headers.Count >= options.MaxHeaderCount)
            {
                state.Fail(400, $"More than {options.MaxHeaderCount} header fields");
                break;
            }

            int colon = line.IndexOf(':');
            ReadOnlySpan<char> rawName = colon < 0 ? [] : line[..colon].TrimEnd(" \t");
            if (!SipSyntax.IsToken(rawName))
            {
                state.Fail(400, colon < 0 ? "Header line without ':'" : "Header name is not a token");
                continue;
            }

            name = SipHeaderNames.Canonicalize(rawName) ?? rawName.ToString();
            value.Clear().Append(line[(colon + 1)..]);
        }

        if (name is not null)
        {
            AddHeader(name, value.ToString().Trim(' ', '\t'), ref state);
        }
    }

    private static void AddHeader(string name, string value, ref ParseState state)
    {
        object? parsed = null;
        if (HeaderCodec.HasTypedForm(name) && !HeaderCodec.TryParse(name, value, out parsed, out string? error))
        {
            state.Fail(400, $"Malformed {name} header: {error}");
        }

        var header = new SipHeader(name, value, parsed);
        state.Headers.Add(header);
        state.Message?.Headers.Add(header);
    }

    private static void ParseStartLine(ReadOnlySpan<char> line, SipParserOptions options, ref ParseState state)
    {
        if (line.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            ParseStatusLine(line, ref state);
            return;
        }

        state.IsRequest = true;
        int sp1 = line.IndexOf(' ');
        if (sp1 <= 0 || !SipSyntax.IsToken(line[..sp1]))
        {
            state.Fail(400, "Malformed request line");
            return;
        }

        string method = line[..sp1].ToString();
        state.Method = method;
        ReadOnlySpan<char> rest = line[(sp1 + 1)..];
        int sp2 = rest.IndexOf(' ');
        if (sp2 <= 0 || rest[(sp2 + 1)..].Contains(' '))
        {
            // Covers extra SP between elements (lwsstart), LWS inside the URI (lwsruri) and trailing SP (trws).
            state.Fail(400, "Request line must be Method SP Request-URI SP SIP-Version");
            return;
        }

        if (!CheckVersion(rest[(sp2 + 1)..], ref state))
        {
            return;
        }

        SipUri? uri = SipUri.TryParse(rest[..sp2], out string? uriError);
        if (uri is null)
        {
            state.Fail(400, $"Malformed Request-URI: {uriError}");
            return;
        }

        if (!options.SupportedRequestUriSchemes.Contains(uri.Scheme))
        {
            state.PendingSchemeError = true;
        }

        state.Message = new SipRequest(method, uri);
    }

    private static void ParseStatusLine(ReadOnlySpan<char> line, ref ParseState state)
    {
        int sp1 = line.IndexOf(' ');
        if (sp1 < 0 || !CheckVersion(line[..sp1], ref state))
        {
            state.Fail(400, "Malformed status line");
            return;
        }

        ReadOnlySpan<char> rest = line[(sp1 + 1)..];
        int sp2 = rest.IndexOf(' ');
        ReadOnlySpan<char> code = sp2 < 0 ? rest : rest[..sp2];
        if (code.Length != 3 || !SipSyntax.TryParseUInt(code, 699, out uint status) || status < 100)
        {
            state.Fail(400, "Status code must be three digits from 100 to 699");
            return;
        }

        state.Message = new SipResponse((int)status, sp2 < 0 ? string.Empty : rest[(sp2 + 1)..].ToString());
    }

    private static bool CheckVersion(ReadOnlySpan<char> version, ref ParseState state)
    {
        if (version.Equals(SipVersion, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        int dot = version.IndexOf('.');
        bool wellFormed = version.Length > 4 && version.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase) && dot > 4
            && SipSyntax.TryParseUInt(version[4..dot], 9999, out _) && SipSyntax.TryParseUInt(version[(dot + 1)..], 9999, out _);
        state.Fail(wellFormed ? 505 : 400, wellFormed ? "SIP version not supported" : "Malformed SIP version");
        return false;
    }

    private static void CheckSemantics(SipMessage msg, ref ParseState state)
    {
        int via = 0, from = 0, to = 0, callId = 0, cseq = 0;
        string? duplicate = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (SipHeader h in state.Headers)
        {
            switch (h.Name)
            {
                case SipHeaderNames.Via: via++; break;
                case SipHeaderNames.From: from++; break;
                case SipHeaderNames.To: to++; break;
                case SipHeaderNames.CallId: callId++; break;
                case SipHeaderNames.CSeq: cseq++; break;
            }

            if (HeaderCodec.IsSingleton(h.Name) && !seen.Add(h.Name))
            {
                duplicate ??= h.Name;
            }
        }

        if (via == 0 || from == 0 || to == 0 || callId == 0 || cseq == 0)
        {
            var missing = new List<string>(5);
            AddIfZero(missing, via, SipHeaderNames.Via);
            AddIfZero(missing, from, SipHeaderNames.From);
            AddIfZero(missing, to, SipHeaderNames.To);
            AddIfZero(missing, callId, SipHeaderNames.CallId);
            AddIfZero(missing, cseq, SipHeaderNames.CSeq);
            state.Fail(400, "Missing mandatory header(s): " + string.Join(", ", missing));
            return;
        }

        if (duplicate is not null)
        {
            state.Fail(400, $"Multiple {duplicate} header fields");
            return;
        }

        if (msg is not SipRequest request)
        {
            return;
        }

        if (request.RequestUri.IsSip && request.RequestUri.Headers.Count > 0)
        {
            state.Fail(400, "Request-URI must not contain headers");
            return;
        }

        if (request.CSeq.Method != request.Method)
        {
            // RFC 4475 §3.1.2.18: for an unknown method 501 is the more future-proof answer than 400.
            bool known = SipMethods.Known.Contains(request.Method);
            state.Fail(known ? 400 : 501, known ? "CSeq method does not match the request method" : "Method not implemented");
            return;
        }

        if (state.PendingSchemeError)
        {
            state.Fail(416, $"Request-URI scheme '{request.RequestUri.Scheme}' is not supported");
        }

    }

    private static void AddIfZero(List<string> missing, int count, string name)
    {
        if (count == 0)
        {
            missing.Add(name);
        }
    }

    private struct ParseState
    {
        public ParseState()
        {
        }

        public List<SipHeader> Headers { get; } = [];

        public SipMessage? Message { get; set; }

        public SipParseError? Error { get; private set; }

        public bool IsRequest { get; set; }

        public string? Method { get; set; }

        public bool PendingSchemeError { get; set; }

        public void Fail(int status, string reason) => Error ??= SipParseError.Respond(status, reason);
    }
}
