using Switchboard.ControlPlane.LiveCalls;
using Switchboard.ControlPlane.PhoneNumbers;
using Switchboard.Realtime.Sessions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>
/// Where an outbound INVITE from one of our numbers goes: through the number's trunk (an allowed E.164 number, with the
/// trunk's credentials) or, without a trunk, straight to the SIP URI dialled. Shared by the outbound call API and by
/// transfers that place a second call. Stateless.
/// </summary>
internal static class OutboundRoutes
{
    /// <summary>Resolves <paramref name="to"/>; the result's <see cref="OutboundDial.Call"/> is a placeholder for the caller to replace.</summary>
    public static async Task<OutboundRoute> ResolveAsync(string to, PhoneNumber number, SipTrunk? trunk, SecretProtector secrets, CancellationToken ct)
    {
        var placeholder = new LiveCallRequest("", "", null, CallDirection.Outbound, null, null, "sip");
        if (trunk is null)
        {
            if (!SipUri.TryParse(to, out var uri) || uri?.User is null)
                return OutboundRoute.Refused("to_number", "This number has no SIP trunk, so to_number must be a SIP URI such as sip:alice@192.0.2.10:5060.");
            var address = await TrunkAddress.ResolveAsync(uri.Host, ct).ConfigureAwait(false);
            if (address is null) return OutboundRoute.Refused("to_number", $"The host '{uri.Host}' cannot be resolved.");
            var direct = new OutboundDial(uri, new SipEndPoint(address, uri.Port ?? 5060), number.Number, null, null, TimeSpan.Zero, placeholder)
            {
                Transport = string.Equals(uri.Parameters.GetValue("transport"), "tcp", StringComparison.OrdinalIgnoreCase) ? SipTransportKind.Tcp : SipTransportKind.Udp,
            };
            return new OutboundRoute(direct, null, null);
        }

        var decision = OutboundDialPolicy.Check(to, PhoneNumberResponse.ReadCountries(number.OutboundAllowedCountries));
        if (!decision.Allowed)
        {
            var why = decision.Reason switch
            {
                "premium_rate" => "to_number is a premium-rate number; those are never dialled.",
                "country_not_allowed" => "to_number's country is not in this number's outbound_allowed_countries.",
                _ => "to_number must be an E.164 number such as +15550100 when calling through a trunk.",
            };
            return OutboundRoute.Refused("to_number", why);
        }
        var (host, port) = TrunkAddress.Split(trunk.Address);
        var trunkAddress = await TrunkAddress.ResolveAsync(host, ct).ConfigureAwait(false);
        if (trunkAddress is null) return OutboundRoute.Refused("from_number", $"The trunk's host '{host}' cannot be resolved.");
        var target = new SipUri("sip", decision.Number!, host, port);
        var password = trunk.PasswordProtected is null ? null : secrets.Unprotect(trunk.PasswordProtected);
        return new OutboundRoute(new OutboundDial(target, new SipEndPoint(trunkAddress, port ?? 5060), trunk.OutboundCallerId ?? number.Number,
            trunk.Username, password, TimeSpan.Zero, placeholder) { Transport = trunk.Transport == "tcp" ? SipTransportKind.Tcp : SipTransportKind.Udp }, null, null);
    }
}
