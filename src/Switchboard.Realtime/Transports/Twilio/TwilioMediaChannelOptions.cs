using Switchboard.Audio.Dtmf;

namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>
/// Settings of one <see cref="TwilioMediaChannel"/>. Immutable once passed in (init-only); validated by
/// <see cref="TwilioMediaChannel.AcceptAsync"/>.
/// </summary>
public sealed class TwilioMediaChannelOptions
{
    /// <summary>Which vendor's message format to speak.</summary>
    public MediaStreamDialect Dialect { get; init; } = MediaStreamDialect.Twilio;

    /// <summary>A <c>mark</c> follows every this many outbound frames (and the tail of each utterance), so
    /// <see cref="IPlayoutFeedback.FramesPlayed"/> lags real playout by at most this many frames.</summary>
    public int MarkEveryFrames { get; init; } = 5;

    /// <summary>When no media has arrived for this long, the channel delivers silent frames on its own clock so the
    /// session's timers keep running (Twilio streams continuously, but networks stall).</summary>
    public TimeSpan GapFillAfter { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>Caller input (frames, digits) buffered ahead of the session; when full, newer caller audio is dropped
    /// (the socket keeps being read: it also carries marks and <c>stop</c>).</summary>
    public int InputCapacity { get; init; } = 50;

    /// <summary>How long <see cref="TwilioMediaChannel.AcceptAsync"/> waits for the <c>start</c> message.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>On hang-up, how long to wait beyond the expected playout of queued audio for its last <c>mark</c>
    /// before closing the socket (closing earlier would cut the goodbye off).</summary>
    public TimeSpan HangUpGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Level of each tone of in-band DTMF we send (the protocol has no outbound digit message).</summary>
    public double DtmfLevelDbm0 { get; init; } = -7;

    /// <summary>Tone and pause length of each sent digit (Q.24 asks at least 40 ms of each; carriers like 100 ms).</summary>
    public TimeSpan DtmfToneDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Decides <see cref="IMediaChannel.TransferAsync"/>. The stream protocol cannot transfer; a host with the
    /// vendor's REST credentials may redirect the call here. Null: every transfer is refused with the reason.</summary>
    public Func<string, MediaStreamStart, CancellationToken, ValueTask<TransferOutcome>>? TransferHandler { get; init; }

    /// <summary>Places the second call of a warm transfer (<see cref="IConsultingMediaChannel.ConsultAsync"/>) through the
    /// vendor's REST API and returns the answered leg, or why there is none. The channel holds the caller meanwhile.
    /// Null: every warm transfer is refused with the reason.</summary>
    public Func<string, MediaStreamStart, CancellationToken, ValueTask<ConsultResult>>? ConsultHandler { get; init; }

    /// <summary>Clock for the gap filler and timeouts; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">A value out of its range; the message names it.</exception>
    internal void Validate()
    {
        if (!Enum.IsDefined(Dialect)) throw new ArgumentOutOfRangeException(nameof(Dialect), Dialect, "Unknown media stream dialect.");
        ArgumentOutOfRangeException.ThrowIfLessThan(MarkEveryFrames, 1, nameof(MarkEveryFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(InputCapacity, 2, nameof(InputCapacity));
        if (GapFillAfter < TimeSpan.FromMilliseconds(20))
            throw new ArgumentOutOfRangeException(nameof(GapFillAfter), GapFillAfter, "The gap filler must allow at least one frame (20 ms) of jitter.");
        if (StartTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StartTimeout), StartTimeout, "The start timeout must be positive.");
        if (HangUpGrace < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HangUpGrace), HangUpGrace, "The hang-up grace cannot be negative.");
        if (DtmfLevelDbm0 is < DtmfGenerator.MinLevelDbm0 or > DtmfGenerator.MaxLevelDbm0)
            throw new ArgumentOutOfRangeException(nameof(DtmfLevelDbm0), DtmfLevelDbm0, $"DTMF level must be within [{DtmfGenerator.MinLevelDbm0}, {DtmfGenerator.MaxLevelDbm0}] dBm0.");
        if (DtmfToneDuration < TimeSpan.FromMilliseconds(40) || DtmfToneDuration > TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(DtmfToneDuration), DtmfToneDuration, "DTMF tones must last 40 ms to 1 s.");
    }
}
