using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Telephony;
using Switchboard.Sip.Rtp;

namespace Switchboard.Bench.Engine.Sip;

/// <summary>
/// Reads the server's SIP media clock counters (ticks, missed ticks). <see cref="SipGateway"/> keeps its clock private
/// and exposes no counters, so this bench-only diagnostic reads the field by reflection and says so when it cannot.
/// </summary>
internal static class ServerClockProbe
{
    public static (long Ticks, long Missed)? Read(IServiceProvider services)
    {
        var gateway = services.GetRequiredService<SipGateway>();
        var field = typeof(SipGateway).GetField("_clock", BindingFlags.Instance | BindingFlags.NonPublic);
        return field?.GetValue(gateway) is MediaClock clock ? (clock.Ticks, clock.MissedTicks) : null;
    }

    public static string Describe((long Ticks, long Missed)? before, (long Ticks, long Missed)? after)
    {
        if (before is not { } b || after is not { } a) return "server media clock counters unavailable";
        var ticks = a.Ticks - b.Ticks;
        var missed = a.Missed - b.Missed;
        return $"server media clock: {ticks} ticks, {missed} missed ({(ticks + missed > 0 ? 100.0 * missed / (ticks + missed) : 0):F1} %)";
    }
}
