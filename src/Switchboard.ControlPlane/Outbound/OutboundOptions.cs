namespace Switchboard.ControlPlane.Outbound;

/// <summary>Configuration section <c>Outbound</c>.</summary>
internal sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// Host names, IP addresses and CIDR ranges that may be contacted even though they are private, loopback and
    /// so on (self-hosted deployments, tests). Cloud metadata addresses stay refused whatever is listed here.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>How long establishing one TCP connection may take.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;
}
