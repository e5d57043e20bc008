namespace Switchboard.Realtime.ResponseEngines;

/// <summary>
/// The engine could not answer normally (provider error, timeout). It has already streamed its spoken fallback line as
/// <see cref="TextDelta"/>; this records why.
/// </summary>
public sealed record ResponseFailed(string Code, string Message) : ResponseEvent;
