using Switchboard.Audio.Frames;

namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>
/// The vendor's answered leg as the engine sees it, tied to the held caller: it also ends when the caller hangs up, and
/// disposing it without a bridge takes the caller off hold. Thread-safety: as <see cref="IConsultLeg"/>.
/// </summary>
internal sealed class HeldConsultLeg(TwilioMediaChannel caller, IConsultLeg leg) : IConsultLeg
{
    private readonly Task _ended = Task.WhenAny(leg.Ended, Task.Delay(Timeout.Infinite, caller.CallerGone));
    private bool _bridged;

    public int SampleRate => leg.SampleRate;

    public Task Ended => _ended;

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken) => leg.SendAudioAsync(frame, cancellationToken);

    public async ValueTask<TransferOutcome> BridgeAsync(CancellationToken cancellationToken)
    {
        if (caller.IsCallerGone) return new TransferOutcome(false, "The caller hung up before being connected.");
        var outcome = await leg.BridgeAsync(cancellationToken).ConfigureAwait(false);
        _bridged = outcome.Accepted;
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await leg.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            // Bridged: the vendor has taken the caller's call away from our stream; nothing to resume.
            if (!_bridged) caller.EndHold();
        }
    }
}
