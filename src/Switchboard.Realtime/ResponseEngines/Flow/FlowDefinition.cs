namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>A validated, parsed flow: immutable and shared by every call of an agent version.</summary>
internal sealed class FlowDefinition
{
    public required string Start { get; init; }
    public required IReadOnlyDictionary<string, FlowNode> Nodes { get; init; }
    public IReadOnlyDictionary<string, string> GlobalVariables { get; init; } = new Dictionary<string, string>();
    public int MaxStepsPerTurn { get; init; } = FlowDefaults.MaxStepsPerTurn;

    /// <summary>True when some node calls a tool, so the engine needs a registry and a journal.</summary>
    public bool UsesTools { get; init; }

    /// <summary>True when some branch asks an LLM, so the engine needs a chat client.</summary>
    public bool UsesLlm { get; init; }
}
