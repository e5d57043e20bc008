namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>Defaults of optional flow fields, shared by the validator, the parser and docs/flows.md.</summary>
internal static class FlowDefaults
{
    public const int Retries = 2;
    public const int MaxRetries = 10;
    public const int MaxStepsPerTurn = 100;
    public const int MaxStepsLimit = 1000;
    public const int MaxNodes = 500;
    public const int MaxDigitsLimit = 32;

    /// <summary>Spoken when an <c>ask</c> without <c>on_failure</c> runs out of retries.</summary>
    public const string FailureGoodbye = "Sorry, I wasn't able to understand. Goodbye.";

    /// <summary>Said when a transfer node without on_failure could not transfer the caller; the call then ends.</summary>
    public const string TransferFailedGoodbye = "Sorry, I couldn't connect you right now. Please try again later. Goodbye.";

    /// <summary>Spoken when a turn exceeds <c>max_steps_per_turn</c>.</summary>
    public const string LoopGoodbye = "Sorry, something went wrong on our side. Goodbye.";
}
