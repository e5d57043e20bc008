using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Telephony;

namespace Switchboard.Bench.Engine.Sip;

/// <summary>Reads the server's SIP media clock counters (ticks, missed ticks) from <see cref="SipGateway"/>.</summary>
internal static class ServerClockProbe
{
    public static (long Ticks, long Missed)? Read(IServiceProvider services)
    {
        return services.GetRequiredService<SipGateway>().MediaClockCounters;
    }

    public static string Describe((long Ticks, long Missed)? before, (long Ticks, long Missed)? after)
    {
        if (before is not { } b || after is not { } a) return "server media clock counters unavailable";
        var ticks = a.Ticks - b.Ticks;
        var missed = a.Missed - b.Missed;
        return $"server media clock: {ticks} ticks, {missed} missed ({(ticks + missed > 0 ? 100.0 * missed / (ticks + missed) : 0):F1} %)";
    }
}
