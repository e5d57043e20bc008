using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>Checks a complete trunk request (after defaults) and names every bad field.</summary>
internal static partial class SipTrunkValidator
{
    public const string DefaultTransport = "udp";
    public const int DefaultRegisterExpiresSeconds = 3600;
    public const int MinRegisterExpiresSeconds = 60;
    public const int MaxRegisterExpiresSeconds = 86400;

    /// <param name="request">The request with defaults applied.</param>
    /// <param name="hasPassword">Whether the trunk will have a password after this request (REGISTER needs one).</param>
    public static Dictionary<string, string[]> Validate(SipTrunkRequest request, bool hasPassword)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["name is required."];
        else if (request.Name.Length > 200) errors["name"] = ["name must be at most 200 characters."];

        if (string.IsNullOrWhiteSpace(request.Address)) errors["address"] = ["address is required: the carrier's host[:port], e.g. sip.carrier.example:5060."];
        else if (!IsAddress(request.Address))
            errors["address"] = ["address must be host[:port]: a DNS name, an IPv4 address or a [bracketed] IPv6 address, and a port from 1 to 65535."];

        if (request.Transport is not ("udp" or "tcp")) errors["transport"] = ["transport must be 'udp' or 'tcp'."];
        if (request.Username is { } user && (user.Length is 0 or > 128 || user.Any(char.IsControl) || user.Contains(' ', StringComparison.Ordinal)))
            errors["username"] = ["username must be 1 to 128 characters without spaces."];
        if (request.Password is { } password && (password.Length is 0 or > 256 || password.Any(char.IsControl)))
            errors["password"] = ["password must be 1 to 256 characters without control characters."];
        if (request.RegisterExpiresSeconds is not { } expires || expires is < MinRegisterExpiresSeconds or > MaxRegisterExpiresSeconds)
            errors["register_expires_seconds"] = [$"register_expires_seconds must be between {MinRegisterExpiresSeconds} and {MaxRegisterExpiresSeconds}."];
        if (request.Register == true && (request.Username is null || !hasPassword))
            errors["register"] = ["Registering to a carrier needs a username and a password."];
        if (request.OutboundCallerId is { } callerId && PhoneNumberFormat.Normalize(callerId) is null)
            errors["outbound_caller_id"] = ["outbound_caller_id must be an E.164 number (+15550100) or a SIP user part."];
        if (SipTrunkInboundNetworks.Problem(request.InboundNetworks) is { } networks) errors["inbound_networks"] = [networks];
        return errors;
    }

    /// <summary>host[:port], host a DNS name, an IPv4 literal or a bracketed IPv6 literal.</summary>
    public static bool IsAddress(string address)
    {
        if (address.Length > 300) return false;
        string host;
        string? port = null;
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return false;
            host = address[1..close];
            var rest = address[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') return false;
                port = rest[1..];
            }
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
        }
        else
        {
            var colon = address.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                host = address[..colon];
                port = address[(colon + 1)..];
            }
            else
            {
                host = address;
            }
            if (!HostName().IsMatch(host) || host.Length > 253) return false;
        }
        return port is null || (port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit)
            && int.Parse(port, CultureInfo.InvariantCulture) is >= 1 and <= 65535);
    }

    // DNS labels (which also covers dotted IPv4): letters, digits and inner hyphens, 1 to 63 characters each.
    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();
}
