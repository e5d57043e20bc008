namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>Engine behaviour that is not part of an agent's settings. Immutable; share one instance freely.</summary>
public sealed record LlmEngineOptions
{
    /// <summary>Model requests per response at most (tool call → result → model again). The last one may not call tools.</summary>
    public int MaxToolRounds { get; init; } = 5;

    /// <summary>
    /// Spoken when the caller has been silent for the reminder period: entry <c>count - 1</c>, the last one repeating.
    /// A fixed line rather than a model request: it is instant, costs nothing, cannot fail into dead air and keeps
    /// the model's history free of synthetic "the user said nothing" turns.
    /// </summary>
    public IReadOnlyList<string> NoInputPrompts { get; init; } = ["Are you still there?", "I'm still here whenever you're ready."];

    internal void Validate()
    {
        if (MaxToolRounds < 1) throw new ArgumentOutOfRangeException(nameof(MaxToolRounds), MaxToolRounds, "At least one model request per response is needed.");
        if (NoInputPrompts is null || NoInputPrompts.Count == 0) throw new ArgumentException("At least one no-input prompt is needed.", nameof(NoInputPrompts));
    }
}
