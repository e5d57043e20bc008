using System.Text.Json;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// One parsed node. A single shape for every type keeps the parser and the engine's switch simple; each property
/// notes the types it applies to, and <see cref="FlowValidator"/> has already rejected fields a type does not take.
/// </summary>
internal sealed class FlowNode
{
    public required string Id { get; init; }
    public required FlowNodeKind Kind { get; init; }

    /// <summary>say: the words; end, transfer: optional words spoken before hanging up or transferring.</summary>
    public string? Text { get; init; }

    /// <summary>say, ask (on success), function (on success).</summary>
    public string? Next { get; init; }

    /// <summary>say: variables assigned (templates) when the node runs.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Set { get; init; } = [];

    // ask
    public string? Prompt { get; init; }
    public string? Variable { get; init; }
    public AskInputMode Input { get; init; } = AskInputMode.Both;
    public int? MaxDigits { get; init; }
    public char? FinishOnKey { get; init; }
    public AskValueType ValueType { get; init; } = AskValueType.FreeText;
    public IReadOnlyList<string> Expected { get; init; } = [];
    public IReadOnlyList<FlowChoice> Choices { get; init; } = [];
    public IReadOnlyList<string> AllowedValues { get; init; } = [];
    public int Retries { get; init; } = FlowDefaults.Retries;
    public string? NoInputPrompt { get; init; }
    public string? NoMatchPrompt { get; init; }
    public string? OnFailure { get; init; }

    // branch
    public IReadOnlyList<FlowCondition> Conditions { get; init; } = [];
    public string? Default { get; init; }

    // function
    public string? Tool { get; init; }
    public JsonElement? Arguments { get; init; }
    public IReadOnlyList<FlowResultMapping> Result { get; init; } = [];
    public string? OnError { get; init; }

    // transfer (OnFailure, shared with ask, is where a transfer that did not happen continues)
    public string? Target { get; init; }
    public string TransferMode { get; init; } = Transports.TransferModes.Cold;
    public string? Summary { get; init; }
}
