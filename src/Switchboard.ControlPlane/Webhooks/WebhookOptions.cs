namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Completed deliveries, their attempts and their events are deleted after this many days.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Off on nodes that should only serve the API (and in tests that drive the dispatcher by hand).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>At most this many deliveries are claimed per round (across all channels).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>At most this many consecutive deliveries of one channel per round; they are sent one after another.</summary>
    public int MaxPerChannel { get; set; } = 100;

    /// <summary>How many channels send at the same time within a round.</summary>
    public int MaxParallelChannels { get; set; } = 64;

    /// <summary>
    /// Workers that send the deliveries this node just committed at once, next to the round loop (0 turns the fast
    /// path off: new deliveries then wake the round loop).
    /// </summary>
    public int FastPathWorkers { get; set; } = 2;

    /// <summary>
    /// While the fast path runs, the round loop leaves a delivery's first attempt to it for this long after the
    /// delivery was created (and the delivery's channel waits behind it). Without it, each poll would take the
    /// deliveries committed a moment before, hold their channels, and push every later one onto the slower round loop.
    /// Deliveries the fast path never takes (a full queue, a node that died) are sent by the round loop after it.
    /// </summary>
    public int FastPathGraceMs { get; set; } = 2000;

    public int PollIntervalMs { get; set; } = 1000;
    public int RequestTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// How long a claimed delivery belongs to the node that claimed it before others may take it. Longer than
    /// <see cref="RequestTimeoutSeconds"/>. On PostgreSQL it is also how long a node that crashed holds up what it had
    /// claimed (a restarted SQLite node releases its claims at once).
    /// </summary>
    public int LeaseSeconds { get; set; } = 60;
}
