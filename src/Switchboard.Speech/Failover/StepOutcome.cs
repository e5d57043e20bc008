namespace Switchboard.Speech.Failover;

/// <summary>Result of one <see cref="TimedStep"/>: an item is ready, the sequence ended, or the provider failed.</summary>
internal readonly record struct StepOutcome(bool HasItem, Exception? Failure);
