using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Warm-transfer calls placed by this node and waiting for their media stream: the stream proves the target answered.
/// The id travels in the new call's TwiML as the stream's <c>token</c> parameter; it is 256 random bits, single-use and
/// only valid while the transfer waits, so it is the stream's credential. Thread-safe.
/// </summary>
internal sealed class TwilioConsultRegistry
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ConsultStream>> _pending = new(StringComparer.Ordinal);

    /// <summary>A new id and the task its stream completes.</summary>
    public (string Id, Task<ConsultStream> Answered) Register()
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var answered = new TaskCompletionSource<ConsultStream>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answered;
        return (id, answered.Task);
    }

    /// <summary>Hands <paramref name="stream"/> to the transfer waiting under <paramref name="id"/>; false when none waits.</summary>
    public bool TryAnswer(string? id, ConsultStream stream) =>
        id is not null && _pending.TryRemove(id, out var answered) && answered.TrySetResult(stream);

    /// <summary>Stops waiting under <paramref name="id"/>; a stream arriving later is refused.</summary>
    public void Forget(string id) => _pending.TryRemove(id, out _);
}
