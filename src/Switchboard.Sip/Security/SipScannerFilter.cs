namespace Switchboard.Sip.Security;

/// <summary>
/// Recognises the User-Agent strings of common SIP scanners so the endpoint can drop their requests without an
/// answer. Optional: a determined scanner changes its User-Agent, so this only removes noise; authentication
/// and identical responses for known and unknown users are the real defence.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SipScannerFilter
{
    /// <summary>Substrings (case-insensitive) seen in scanners' User-Agent headers.</summary>
    public static readonly IReadOnlyList<string> DefaultSignatures =
    [
        "friendly-scanner", "sipvicious", "sipcli", "sip-scan", "sundayddr", "iwar", "sipbomber",
        "vaxsipuseragent", "pplsip", "svwar", "svmap", "svcrack", "sipptk",
    ];

    private readonly string[] _signatures;

    /// <param name="signatures">Substrings to match; null uses <see cref="DefaultSignatures"/>.</param>
    public SipScannerFilter(IEnumerable<string>? signatures = null)
    {
        _signatures = (signatures ?? DefaultSignatures).Where(s => !string.IsNullOrWhiteSpace(s)).ToArray();
    }

    /// <summary>Whether a request with this User-Agent should be dropped.</summary>
    public bool IsScanner(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent)) return false;
        foreach (var signature in _signatures)
        {
            if (userAgent.Contains(signature, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
