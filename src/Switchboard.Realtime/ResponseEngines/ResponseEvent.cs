namespace Switchboard.Realtime.ResponseEngines;

/// <summary>
/// One item of a response stream. Subtypes: <see cref="TextDelta"/> (words to speak), <see cref="ToolCallStarted"/>,
/// <see cref="ToolCallCompleted"/>, <see cref="NodeEntered"/>, <see cref="VariablesChanged"/>, <see cref="CallAction"/>
/// (end, transfer, press digits, hand over), <see cref="LlmUsage"/> and <see cref="ResponseFailed"/>.
/// </summary>
public abstract record ResponseEvent;
