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

    /// <summary>The Allow header value we advertise.</summary>
    public string Allow { get; init; } = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY";
}
