using Switchboard.Sip.Auth;
using Switchboard.Sip.Security;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Dialogs;

/// <summary>Settings of a <see cref="SipCallEndpoint"/>. Immutable after construction; thread-safe.</summary>
public sealed class SipCallEndpointOptions
{
    /// <summary>Our Contact URI (where peers send in-dialog requests).</summary>
    public required SipUri Contact { get; init; }

    /// <summary>Transport used for requests we originate.</summary>
    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;

    /// <summary>How many unanswered incoming calls may wait for the engine; more are answered 486.</summary>
    public int IncomingCallCapacity { get; init; } = 64;

    /// <summary>Username for 401/407 challenges to our INVITEs; null disables the retry.</summary>
    public string? AuthUsername { get; init; }

    /// <summary>Password for 401/407 challenges.</summary>
    public string AuthPassword { get; init; } = string.Empty;

    /// <summary>
    /// Digest authentication of new INVITEs and of REGISTERs (addresses on its allow-list pass without a challenge);
    /// null accepts every INVITE and answers REGISTER 405. Unknown and known users get identical challenges. With it
    /// set, an authenticated REGISTER is answered 200 echoing its Contact and Expires (no bindings are kept: the
    /// endpoint is not a registrar). The authenticator is shared, not owned.
    /// </summary>
    public SipDigestAuthenticator? Authenticator { get; init; }

    /// <summary>Per-source-IP rate limit on every request; requests over it are dropped unanswered. Null: no limit.</summary>
    public SipFloodGuard? FloodGuard { get; init; }

    /// <summary>Drops, unanswered, requests whose User-Agent is a known scanner's. Null: no filter.</summary>
    public SipScannerFilter? ScannerFilter { get; init; }

    /// <summary>The Allow header value we advertise. Without REFER in it, a peer's REFER is answered 405 (no transfers taken).</summary>
    public string Allow { get; init; } = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY";
}
