using System.Globalization;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Echo;

/// <summary>
/// A snapshot of a <see cref="SipEchoServer"/>'s counters: what a load run reads to prove that every call ended and
/// released its dialog, its RTP ports and its media clock slot. Immutable value.
/// </summary>
/// <param name="CallsAnswered">Calls answered with 200 since start.</param>
/// <param name="CallsRejected">INVITEs refused (488 for SDP, 503 when the RTP range was full).</param>
/// <param name="ActiveCalls">Calls between the INVITE and the release of everything they held.</param>
/// <param name="Dialogs">Dialogs the call endpoint still routes requests to.</param>
/// <param name="RtpPortsInUse">RTP/RTCP port pairs leased.</param>
/// <param name="RtpPortCapacity">Port pairs in the configured range.</param>
/// <param name="MediaClockParticipants">RTP sessions registered on the media clock.</param>
/// <param name="MediaClockTicks">Media clock ticks run.</param>
/// <param name="MediaClockMissedTicks">Media clock ticks skipped because the loop ran late.</param>
/// <param name="MediaClockLateTicks">Media clock ticks that started 2 ms or more after their boundary.</param>
/// <param name="MediaClockMaxLateness">The latest start of a media clock tick after its boundary.</param>
/// <param name="MediaClockMaxTickDuration">The longest media clock tick (all sends, then all receive work).</param>
/// <param name="FramesEchoed">20 ms audio frames played back.</param>
/// <param name="DigitsEchoed">RFC 4733 digits played back.</param>
/// <param name="MediaClockScheduling">How the media clock's thread is scheduled.</param>
public readonly record struct SipEchoServerStatistics(
    long CallsAnswered,
    long CallsRejected,
    long ActiveCalls,
    int Dialogs,
    int RtpPortsInUse,
    int RtpPortCapacity,
    int MediaClockParticipants,
    long MediaClockTicks,
    long MediaClockMissedTicks,
    long MediaClockLateTicks,
    TimeSpan MediaClockMaxLateness,
    TimeSpan MediaClockMaxTickDuration,
    long FramesEchoed,
    long DigitsEchoed,
    MediaClockScheduling MediaClockScheduling)
{
    /// <summary>One line of <c>key=value</c> pairs (invariant culture), the format of <c>switchboard sip echo --stats-file</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"answered={CallsAnswered} rejected={CallsRejected} active={ActiveCalls} dialogs={Dialogs} rtp_ports_in_use={RtpPortsInUse} " +
        $"rtp_port_capacity={RtpPortCapacity} clock_participants={MediaClockParticipants} clock_ticks={MediaClockTicks} " +
        $"clock_missed={MediaClockMissedTicks} clock_late={MediaClockLateTicks} clock_max_late_us={(long)MediaClockMaxLateness.TotalMicroseconds} " +
        $"clock_max_tick_us={(long)MediaClockMaxTickDuration.TotalMicroseconds} frames_echoed={FramesEchoed} digits_echoed={DigitsEchoed} " +
        $"clock_scheduling={MediaClockScheduling.ToString().ToLowerInvariant()}");
}
