using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Messages;

namespace Switchboard.Realtime.Transports.Sip;

// Cold transfer: REFER first; when the peer refuses it and we can dial, call the target ourselves and bridge the caller.
public sealed partial class SipMediaChannel
{
    /// <summary>
    /// Blind transfer by REFER. A <c>sip:</c> target is used as is; a phone number becomes <c>sip:number@peer</c>.
    /// Accepted when the peer answers 202 and then reports a 2xx for the new call (NOTIFY sipfrag), or hangs up, within
    /// <see cref="SipMediaChannelOptions.TransferTimeout"/>; refused otherwise, with the reason in the detail. When the peer
    /// refuses the REFER itself (a final non-2xx, such as 405 or 501) and the channel can dial, the target is called as a
    /// new leg and bridged to the caller instead.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> is null or blank.</exception>
    public async ValueTask<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (_call.IsEnded || _call.Dialog is not { } dialog) return new TransferOutcome(false, "The call has ended.");
        if (!SipTransferTarget.TryResolve(target, dialog.RemoteTarget, out var uri, out var error)) return new TransferOutcome(false, error);

        var waiter = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _transfer, waiter, null) is not null) return new TransferOutcome(false, "Another transfer is in progress.");
        try
        {
            int status;
            try
            {
                status = await _call.TransferAsync(uri!, cancellationToken).ConfigureAwait(false);
            }
            catch (SipDialogException e)
            {
                return new TransferOutcome(false, e.Message);
            }

            if (status is < 200 or >= 300)
            {
                var refused = $"The peer refused the REFER: {Status(status)}.";
                // 481: the dialog is gone, so there is no caller left to bridge.
                return CanDial && status != 481 ? await BridgeInsteadAsync(target, refused, cancellationToken).ConfigureAwait(false) : new TransferOutcome(false, refused);
            }
            int final;
            try
            {
                final = await waiter.Task.WaitAsync(_options.TransferTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return new TransferOutcome(false, $"The peer accepted the REFER but reported no outcome within {_options.TransferTimeout.TotalSeconds:0.#} s.");
            }

            if (final == 0) return new TransferOutcome(true, "The peer accepted the REFER and left the call.");
            return final is >= 200 and < 300
                ? new TransferOutcome(true, Status(final))
                : new TransferOutcome(false, $"The transfer target answered {Status(final)}.");
        }
        finally
        {
            Interlocked.CompareExchange(ref _transfer, null, waiter);
        }
    }

    private async ValueTask<TransferOutcome> BridgeInsteadAsync(string target, string refused, CancellationToken cancellationToken)
    {
        var consult = await ConsultAsync(target, cancellationToken).ConfigureAwait(false);
        if (consult.Leg is not { } leg)
        {
            var failure = consult.Failure!;
            return failure with { Detail = $"{refused} Calling the target instead failed: {failure.Detail}" };
        }
        await using (leg.ConfigureAwait(false))
        {
            var outcome = await leg.BridgeAsync(cancellationToken).ConfigureAwait(false);
            return outcome.Accepted ? outcome with { Detail = $"{refused} The target was called instead and bridged to the caller." } : outcome;
        }
    }
}
