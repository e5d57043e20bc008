namespace Switchboard.Sip.Messages;

/// <summary>
/// Canonical names of the header fields this stack knows, and the compact forms of RFC 3261 §7.3.3 and later RFCs.
/// Header names are case-insensitive; <see cref="Canonicalize(ReadOnlySpan{char})"/> maps any spelling (and compact
/// forms) to the canonical name. Thread-safe.
/// </summary>
public static class SipHeaderNames
{
    /// <summary>Accept.</summary>
    public const string Accept = "Accept";
    /// <summary>Accept-Contact (compact a).</summary>
    public const string AcceptContact = "Accept-Contact";
    /// <summary>Allow-Events (compact u).</summary>
    public const string AllowEvents = "Allow-Events";
    /// <summary>Authorization.</summary>
    public const string Authorization = "Authorization";
    /// <summary>Call-ID (compact i).</summary>
    public const string CallId = "Call-ID";
    /// <summary>Contact (compact m).</summary>
    public const string Contact = "Contact";
    /// <summary>Content-Encoding (compact e).</summary>
    public const string ContentEncoding = "Content-Encoding";
    /// <summary>Content-Length (compact l).</summary>
    public const string ContentLength = "Content-Length";
    /// <summary>Content-Type (compact c).</summary>
    public const string ContentType = "Content-Type";
    /// <summary>CSeq.</summary>
    public const string CSeq = "CSeq";
    /// <summary>Date.</summary>
    public const string Date = "Date";
    /// <summary>Event (compact o).</summary>
    public const string Event = "Event";
    /// <summary>Expires.</summary>
    public const string Expires = "Expires";
    /// <summary>From (compact f).</summary>
    public const string From = "From";
    /// <summary>Identity (compact y).</summary>
    public const string Identity = "Identity";
    /// <summary>Max-Forwards.</summary>
    public const string MaxForwards = "Max-Forwards";
    /// <summary>Proxy-Authorization.</summary>
    public const string ProxyAuthorization = "Proxy-Authorization";
    /// <summary>Proxy-Require.</summary>
    public const string ProxyRequire = "Proxy-Require";
    /// <summary>Record-Route.</summary>
    public const string RecordRoute = "Record-Route";
    /// <summary>Refer-To (compact r).</summary>
    public const string ReferTo = "Refer-To";
    /// <summary>Referred-By (compact b).</summary>
    public const string ReferredBy = "Referred-By";
    /// <summary>Reject-Contact (compact j).</summary>
    public const string RejectContact = "Reject-Contact";
    /// <summary>Request-Disposition (compact d).</summary>
    public const string RequestDisposition = "Request-Disposition";
    /// <summary>Require.</summary>
    public const string Require = "Require";
    /// <summary>Route.</summary>
    public const string Route = "Route";
    /// <summary>Session-Expires (compact x).</summary>
    public const string SessionExpires = "Session-Expires";
    /// <summary>Subject (compact s).</summary>
    public const string Subject = "Subject";
    /// <summary>Supported (compact k).</summary>
    public const string Supported = "Supported";
    /// <summary>To (compact t).</summary>
    public const string To = "To";
    /// <summary>Unsupported.</summary>
    public const string Unsupported = "Unsupported";
    /// <summary>Via (compact v).</summary>
    public const string Via = "Via";
    /// <summary>WWW-Authenticate.</summary>
    public const string WwwAuthenticate = "WWW-Authenticate";

    private static readonly Dictionary<string, string> Names = Build();
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The canonical name for a known name or compact form; <see langword="null"/> for an unknown header.</summary>
    public static string? Canonicalize(ReadOnlySpan<char> name) => Lookup.TryGetValue(name, out string? c) ? c : null;

    private static Dictionary<string, string> Build()
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string n in new[]
        {
            Accept, AcceptContact, AllowEvents, Authorization, CallId, Contact, ContentEncoding, ContentLength, ContentType,
            CSeq, Date, Event, Expires, From, Identity, MaxForwards, ProxyAuthorization, ProxyRequire, RecordRoute, ReferTo,
            ReferredBy, RejectContact, RequestDisposition, Require, Route, SessionExpires, Subject, Supported, To,
            Unsupported, Via, WwwAuthenticate, "Allow", "Accept-Encoding", "Accept-Language", "Alert-Info", "Call-Info",
            "Content-Disposition", "Content-Language", "Error-Info", "In-Reply-To", "MIME-Version", "Min-Expires",
            "Organization", "Priority", "Proxy-Authenticate", "Reply-To", "Retry-After", "Server", "Timestamp",
            "User-Agent", "Warning", "Authentication-Info", "RAck", "RSeq", "Subscription-State", "Replaces", "Path",
        })
        {
            d[n] = n;
        }

        foreach ((string compact, string full) in new[]
        {
            ("a", AcceptContact), ("b", ReferredBy), ("c", ContentType), ("d", RequestDisposition), ("e", ContentEncoding),
            ("f", From), ("i", CallId), ("j", RejectContact), ("k", Supported), ("l", ContentLength), ("m", Contact),
            ("o", Event), ("r", ReferTo), ("s", Subject), ("t", To), ("u", AllowEvents), ("v", Via),
            ("x", SessionExpires), ("y", Identity),
        })
        {
            d[compact] = full;
        }

        return d;
    }
}
