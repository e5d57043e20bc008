namespace Switchboard.ControlPlane.Idempotency;

/// <summary>
/// What <see cref="IdempotentRequests.RunAsync{T}"/> decided: the response (fresh or <see cref="Replayed"/>), or why the
/// key cannot be used (<see cref="Conflict"/>, a 409).
/// </summary>
internal sealed record IdempotencyOutcome<T>(T? Value, bool Replayed, string? Conflict) where T : class;
