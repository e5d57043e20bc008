using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Registration;

/// <summary>Settings of a <see cref="SipRegistrationClient"/> (our registration to a trunk). Immutable (use <c>with</c> to vary); thread-safe.</summary>
public sealed record SipRegistrationOptions
{
    /// <summary>The registrar's URI: the Request-URI of our REGISTERs, e.g. sip:trunk.example.com.</summary>
    public required SipUri Registrar { get; init; }

    /// <summary>Where REGISTERs are sent (host names are not resolved here).</summary>
    public required SipEndPoint Destination { get; init; }

    /// <summary>The address-of-record we register (To and From), e.g. sip:1001@trunk.example.com.</summary>
    public required SipUri AddressOfRecord { get; init; }

    /// <summary>Our Contact: where the trunk sends calls.</summary>
    public required SipUri Contact { get; init; }

    /// <summary>Username for 401/407 challenges; null never answers one.</summary>
    public string? Username { get; init; }

    /// <summary>Password for 401/407 challenges.</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>The registration lifetime we ask for. Default 3600 s.</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>
    /// How long before the granted expiry we refresh; never more than half the granted lifetime, so a short grant
    /// is refreshed at its half. Default 30 s.
    /// </summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait after a failed registration before trying again. Default 30 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Transport for REGISTERs. Default UDP.</summary>
    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Registrar, nameof(Registrar));
        ArgumentNullException.ThrowIfNull(Destination, nameof(Destination));
        ArgumentNullException.ThrowIfNull(AddressOfRecord, nameof(AddressOfRecord));
        ArgumentNullException.ThrowIfNull(Contact, nameof(Contact));
        ArgumentNullException.ThrowIfNull(Password, nameof(Password));
        if (Expires < TimeSpan.FromSeconds(1) || Expires > TimeSpan.FromSeconds(uint.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(Expires), Expires, "Expires must be at least 1 s and fit in 32 bits of seconds.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RefreshMargin, TimeSpan.Zero, nameof(RefreshMargin));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.FromSeconds(1), nameof(RetryDelay));
    }
}
