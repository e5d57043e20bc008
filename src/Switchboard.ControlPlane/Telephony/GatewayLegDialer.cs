using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.PhoneNumbers;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Sip;
using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Uris;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>
/// Places a transfer's second call for one live SIP call, the way an outbound call from the same number would go: a
/// phone number through the number's trunk (dial policy and country allow-list applied, trunk credentials), a SIP URI
/// straight to its host. Without a trunk a phone number goes to the caller's own peer (a PBX or carrier), as a REFER would.
/// </summary>
/// <remarks>Thread-safe; one per call.</remarks>
internal sealed partial class GatewayLegDialer(
    SipGateway gateway, IServiceScopeFactory scopes, string organizationId, string? ourNumber, SipCall caller) : ISipLegDialer
{
    public async ValueTask<SipLegDialResult> DialAsync(string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var number = ourNumber is null ? null : await db.PhoneNumbers.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(n => n.OrganizationId == organizationId && n.Number == ourNumber, cancellationToken).ConfigureAwait(false);
        var trunk = number?.SipTrunkId is { } trunkId ? await db.SipTrunks.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(t => t.OrganizationId == organizationId && t.Id == trunkId, cancellationToken).ConfigureAwait(false) : null;
        number ??= new PhoneNumber { Id = "", OrganizationId = organizationId, Number = ourNumber ?? "switchboard", OutboundAllowedCountries = "[]" };

        var to = target.Trim();
        if (!IsSipUri(to))
        {
            var digits = Separators().Replace(to, "");
            if (digits.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)) digits = digits[4..];
            if (!PhoneDigits().IsMatch(digits)) return Failed($"'{target}' is neither a SIP URI nor a phone number.");
            if (trunk is null)
            {
                if (digits.StartsWith('+'))
                {
                    var decision = OutboundDialPolicy.Check(digits, PhoneNumberResponse.ReadCountries(number.OutboundAllowedCountries));
                    if (decision.Reason == "premium_rate") return Failed($"{digits} is a premium-rate number; those are never dialled.");
                }
                if (caller.Dialog?.RemoteTarget is not { } peer) return Failed("The caller's call has ended.");
                to = new SipUri("sip", digits, peer.Host, peer.Port).ToString();
            }
            else to = digits;
        }

        var route = await OutboundRoutes.ResolveAsync(to, number, trunk, scope.ServiceProvider.GetRequiredService<SecretProtector>(), cancellationToken)
            .ConfigureAwait(false);
        if (route.Dial is not { } dial) return Failed(route.Error!.Replace("to_number", "The transfer target", StringComparison.Ordinal));
        return await gateway.PlaceLegAsync(dial with { RingTimeout = gateway.TransferRingTimeout }, cancellationToken).ConfigureAwait(false);
    }

    private static SipLegDialResult Failed(string detail) => SipLegDialResult.Failed(detail, TransferOutcomeCodes.Failed);

    private static bool IsSipUri(string target) =>
        target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("sips:", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\+?[0-9*#]{1,20}$")]
    private static partial Regex PhoneDigits();

    [GeneratedRegex(@"[\s\-.()]")]
    private static partial Regex Separators();
}
