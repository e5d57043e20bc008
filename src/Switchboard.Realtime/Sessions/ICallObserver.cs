using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.Realtime.Sessions;

/// <summary>
/// Receives a call's events in order (the call record, webhooks, the live view). The session awaits each observer in
/// turn on its own event loop, never on the media path; an observer that throws is logged and the call goes on.
/// </summary>
public interface ICallObserver
{
    ValueTask OnEventAsync(CallEvent callEvent, CancellationToken cancellationToken);
}
