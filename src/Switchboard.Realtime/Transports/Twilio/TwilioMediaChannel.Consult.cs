using Switchboard.Audio.Frames;
using Switchboard.Realtime.Transports.Sip;

namespace Switchboard.Realtime.Transports.Twilio;

// Warm transfer: the vendor places the second call (ConsultHandler); meanwhile the caller is on hold here: their audio
// and digits are dropped (the engine is busy briefing) and they hear ringback, paced by the channel's clock.
public sealed partial class TwilioMediaChannel : IConsultingMediaChannel
{
    private readonly CancellationTokenSource _callerGone = new();
    private readonly RingbackTone _ringback = new();
    private readonly short[] _ringbackFrame = new short[FrameSamples];
    private int _holding;
    private int _consulting;

    /// <summary>True while the caller is on hold for a warm transfer.</summary>
    public bool IsHolding => Volatile.Read(ref _holding) != 0;

    /// <summary>Cancelled when the vendor's stream ends (the caller hung up, or the call left us). Read it while the
    /// channel is alive (before <see cref="DisposeAsync"/>).</summary>
    internal CancellationToken CallerGone => _callerGone.Token;

    /// <summary>The vendor's stream has ended; safe to read at any time.</summary>
    internal bool IsCallerGone => Volatile.Read(ref _ended) != 0;

    /// <summary>
    /// Holds the caller (ringback; their audio and digits are dropped) and has
    /// <see cref="TwilioMediaChannelOptions.ConsultHandler"/> call <paramref name="target"/>. On failure the caller is
    /// taken off hold before this returns; the leg returned on success keeps them on hold until it is bridged or disposed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> is null or blank.</exception>
    public async ValueTask<ConsultResult> ConsultAsync(string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (_options.ConsultHandler is not { } handler)
            return ConsultResult.Failed("This media stream cannot place the second call of a warm transfer: that needs the vendor's REST API, wired for Twilio only.", TransferOutcomeCodes.Failed);
        if (_callerGone.IsCancellationRequested) return ConsultResult.Failed("The caller has hung up.", TransferOutcomeCodes.Failed);
        if (Interlocked.CompareExchange(ref _consulting, 1, 0) != 0) return ConsultResult.Failed("Another transfer is in progress.", TransferOutcomeCodes.Failed);

        Volatile.Write(ref _holding, 1);
        ConsultResult result;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callerGone.Token);
            result = await handler(target, Start, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_callerGone.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            result = ConsultResult.Failed("The caller hung up while the target was being called.", TransferOutcomeCodes.Failed);
        }
        catch
        {
            EndHold();
            throw;
        }

        if (result.Leg is { } leg)
        {
            if (!_callerGone.IsCancellationRequested) return new ConsultResult(new HeldConsultLeg(this, leg), null);
            await leg.DisposeAsync().ConfigureAwait(false);
            result = ConsultResult.Failed("The caller hung up while the target was being called.", TransferOutcomeCodes.Failed);
        }
        EndHold();
        return result.Failure is null ? ConsultResult.Failed("The target could not be called.", TransferOutcomeCodes.Failed) : result;
    }

    /// <summary>Takes the caller off hold: the vendor drops the ringback it has buffered and the engine hears them again.</summary>
    internal void EndHold()
    {
        if (Interlocked.Exchange(ref _holding, 0) != 0) ClearAudio();
        Volatile.Write(ref _consulting, 0);
    }

    /// <summary>One frame of ringback per clock tick while holding (the vendor plays what we send in real time).</summary>
    private void FeedRingback()
    {
        _ringback.Fill(_ringbackFrame);
        var frame = AudioFrame.Copy(_ringbackFrame, Rate, 0, _time.GetUtcNow());
        var item = new OutboundItem(OutboundItemKind.Audio, frame, Interlocked.Increment(ref _sent), Volatile.Read(ref _epoch));
        if (!_outbound.Writer.TryWrite(item)) frame.Dispose();
    }
}
