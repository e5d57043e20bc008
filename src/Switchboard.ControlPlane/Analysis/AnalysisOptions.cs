namespace Switchboard.ControlPlane.Analysis;

/// <summary>Configuration section <c>Analysis</c>: the post-call analysis worker.</summary>
internal sealed class AnalysisOptions
{
    public const string Section = "Analysis";

    /// <summary>Off on nodes that should only serve the API (and in tests that drive the worker by hand).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>At most this many jobs are claimed per round; they run one after another.</summary>
    public int BatchSize { get; set; } = 10;

    public int PollIntervalMs { get; set; } = 2000;

    /// <summary>Attempts before a job is failed for good.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; each further failure waits four times longer.</summary>
    public int FirstRetrySeconds { get; set; } = 30;

    /// <summary>One model request; past it the attempt fails.</summary>
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>How long a claimed job belongs to the node that claimed it; above the request timeout.</summary>
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>The transcript given to the model is cut (from the start) to this many characters.</summary>
    public int MaxTranscriptChars { get; set; } = 60_000;
}
