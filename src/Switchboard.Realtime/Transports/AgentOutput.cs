using Switchboard.Audio.Frames;

namespace Switchboard.Realtime.Transports;

/// <summary>
/// Something the agent side did on an <see cref="InMemoryMediaChannel"/>, stamped with how many caller frames the
/// session had read by then (<see cref="AtCallerFrame"/>), which places agent audio on the call's timeline. An audio
/// frame belongs to the reader, who disposes it.
/// </summary>
public readonly record struct AgentOutput(AgentOutputKind Kind, AudioFrame Frame, string? Text, long AtCallerFrame);
