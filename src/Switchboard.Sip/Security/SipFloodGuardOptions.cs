namespace Switchboard.Sip.Security;

/// <summary>Settings of <see cref="SipFloodGuard"/>; the defaults follow Kamailio pike's spirit (density per interval).</summary>
public sealed class SipFloodGuardOptions
{
    /// <summary>Requests one source may send per <see cref="Interval"/> before it is blocked.</summary>
    public int MaxRequestsPerInterval { get; set; } = 40;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a source stays blocked; traffic during the block extends it (a flood never gets through).</summary>
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Sources tracked at once; beyond it the least recently seen are forgotten, so spoofed floods cannot exhaust memory.</summary>
    public int MaxTrackedSources { get; set; } = 100_000;

    /// <summary>Sources (addresses or CIDR ranges) never limited, such as a carrier's SBCs.</summary>
    public IReadOnlyList<string> AllowList { get; set; } = [];

    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestsPerInterval, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.FromMilliseconds(100));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrackedSources, 16);
    }
}
