namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Completed deliveries, their attempts and their events are deleted after this many days.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Off on nodes that should only serve the API (and in tests that drive the dispatcher by hand).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    public int BatchSize { get; set; } = 100;
    public int PollIntervalMs { get; set; } = 1000;
    public int RequestTimeoutSeconds { get; set; } = 15;

    /// <summary>How long a claimed delivery belongs to the node that claimed it before others may take it.</summary>
    public int LeaseSeconds { get; set; } = 60;
}
