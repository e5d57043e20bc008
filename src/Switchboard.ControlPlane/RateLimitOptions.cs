using System.ComponentModel.DataAnnotations;

namespace Switchboard.ControlPlane;

/// <summary>Default limits, per minute, for the four strategies; a key's own limit overrides the per-key default.</summary>
public sealed class RateLimitOptions
{
    [Range(1, 1_000_000)]
    public int PerKeyPerMinute { get; set; } = 600;

    [Range(1, 10_000_000)]
    public int PerOrganizationPerMinute { get; set; } = 3000;

    /// <summary>Unauthenticated traffic (and failed authentication) per client IP.</summary>
    [Range(1, 1_000_000)]
    public int PerIpPerMinute { get; set; } = 120;

    /// <summary>Per-endpoint limits by endpoint policy name (e.g. <c>api_keys.create</c>), per organization.</summary>
    public Dictionary<string, int> Endpoints { get; set; } = new(StringComparer.Ordinal);
}
