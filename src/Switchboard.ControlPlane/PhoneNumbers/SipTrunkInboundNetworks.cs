using Switchboard.Sip.Auth;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// A trunk's <c>inbound_networks</c>: the addresses and CIDR ranges its carrier sends INVITEs from. Stored as one
/// comma-separated column; an empty list means any source. Stateless; thread-safe.
/// </summary>
internal static class SipTrunkInboundNetworks
{
    public const int MaxEntries = 32;

    public static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string? Join(IReadOnlyList<string>? entries) =>
        entries is null || entries.Count == 0 ? null : string.Join(',', entries.Select(e => e.Trim()));

    /// <summary>The allow-list, or null when the trunk accepts any source.</summary>
    public static IpAllowList? AllowList(string? stored) => Split(stored) is { Count: > 0 } entries ? new IpAllowList(entries) : null;

    /// <summary>What is wrong with the entries, or null when they are fine (null and empty are fine: any source).</summary>
    public static string? Problem(IReadOnlyList<string>? entries)
    {
        if (entries is null) return null;
        if (entries.Count > MaxEntries) return $"inbound_networks holds at most {MaxEntries} entries.";
        foreach (string? entry in entries)
        {
            // A JSON null inside the array arrives as null despite the declared type.
            if (entry is null) return "inbound_networks entries must be strings.";
            try
            {
                _ = new IpAllowList([entry]);
            }
            catch (ArgumentException)
            {
                return $"inbound_networks: '{entry}' is not an IP address or a CIDR range (203.0.113.0/24, 2001:db8::/32).";
            }
            if (entry.Contains(',', StringComparison.Ordinal)) return $"inbound_networks: '{entry}' holds a comma; give one address or range per entry.";
        }
        return null;
    }
}
