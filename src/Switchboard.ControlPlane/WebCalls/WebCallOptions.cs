using System.ComponentModel.DataAnnotations;

namespace Switchboard.ControlPlane.WebCalls;

/// <summary>Web call settings, in configuration section <c>Calls</c>; validated at start.</summary>
internal sealed class WebCallOptions
{
    public const string Section = "Calls";

    /// <summary>How long a web call's access token can be used to connect (<c>Calls:WebTokenLifetimeSeconds</c>).</summary>
    [Range(10, 3600)]
    public int WebTokenLifetimeSeconds { get; set; } = 300;

    /// <summary>
    /// Secret (at least 32 characters) that signs web call tokens. Every node of a cluster needs the same one; a single
    /// server generates it into the data directory when empty.
    /// </summary>
    [MinLength(32)]
    public string? WebTokenSigningKey { get; set; }
}
