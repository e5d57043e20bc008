using System.Text.Json;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// One line of a call's transcript, in event order. Every entry has <c>type</c>, <c>role</c>, <c>at</c> and
/// <c>offset_ms</c>; the other fields belong to its type (docs/calls.md).
/// </summary>
internal sealed record TranscriptEntry(
    int Sequence,
    string Type,
    string Role,
    DateTimeOffset At,
    long OffsetMs,
    string? Text = null,
    long? StartMs = null,
    long? EndMs = null,
    bool? Interrupted = null,
    string? Name = null,
    JsonElement? Arguments = null,
    string? Result = null,
    bool? IsError = null,
    long? ElapsedMs = null,
    string? Digits = null,
    string? FromNodeId = null,
    string? NodeId = null,
    string? Reason = null,
    string? Target = null,
    bool? Accepted = null,
    string? Detail = null,
    string? Mode = null,
    string? Outcome = null);
