using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.Realtime.Sessions;

// Call actions run on the media loop when playout reaches them, so everything said before them has been heard.
public sealed partial class CallSession
{
    private async ValueTask PerformAsync(CallAction action, CancellationToken cancellationToken)
    {
        switch (action.Kind)
        {
            case CallActionKind.EndCall:
                await _channel.HangUpAsync(action.Reason ?? "agent ended the call", cancellationToken).ConfigureAwait(false);
                _endReason = "agent_hangup";
                break;
            case CallActionKind.Transfer:
                await TransferAsync(action, cancellationToken).ConfigureAwait(false);
                break;
            case CallActionKind.PressDigits:
                var digits = action.Argument ?? "";
                if (digits.Length == 0) break;
                await _channel.SendDigitsAsync(digits, cancellationToken).ConfigureAwait(false);
                Emit(new DigitEvent(_call.CallId, _time.GetUtcNow(), _mediaTime, digits, Received: false));
                break;
            case CallActionKind.HandOver:
                _pendingHandOver = action.Argument ?? "";
                break;
        }
    }
}
