using System.Text.RegularExpressions;
using Switchboard.Sip.Uris;

namespace Switchboard.Realtime.Transports.Sip;

/// <summary>Turns a transfer target as tools and flows write it (SIP URI or phone number) into a Refer-To URI. Stateless.</summary>
internal static partial class SipTransferTarget
{
    /// <summary>
    /// A <c>sip:</c>/<c>sips:</c> URI is used as written; a phone number (optionally <c>tel:</c>, with the usual
    /// separators) becomes <c>sip:number@host:port</c> of <paramref name="peer"/>, because the peer (a trunk or PBX) is
    /// what knows how to reach a number.
    /// </summary>
    public static bool TryResolve(string target, SipUri peer, out SipUri? uri, out string? error)
    {
        uri = null;
        error = null;
        var trimmed = target.Trim();
        if (trimmed.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            if (SipUri.TryParse(trimmed, out uri) && uri is not null) return true;
            error = $"'{target}' is not a valid SIP URI.";
            return false;
        }

        var number = Separators().Replace(trimmed, "");
        if (number.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)) number = number[4..];
        if (!PhoneNumber().IsMatch(number))
        {
            error = $"'{target}' is neither a SIP URI nor a phone number.";
            return false;
        }

        uri = new SipUri("sip", number, peer.Host, peer.Port);
        return true;
    }

    [GeneratedRegex(@"^\+?[0-9*#]{1,20}$")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"[\s\-.()]")]
    private static partial Regex Separators();
}
