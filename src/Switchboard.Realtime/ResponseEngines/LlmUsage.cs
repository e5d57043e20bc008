namespace Switchboard.Realtime.ResponseEngines;

/// <summary>Token counts of one model request, including prompt-cache hits, and when its first token arrived.</summary>
public sealed record LlmUsage(string Model, long InputTokens, long OutputTokens, long CachedInputTokens, TimeSpan? TimeToFirstToken) : ResponseEvent;
