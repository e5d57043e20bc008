namespace Switchboard.Speech.Failover;

/// <summary>Input kept for a fallback while the primary has produced nothing yet.</summary>
internal interface IReplaySource
{
    /// <summary>True while everything the primary took is still kept.</summary>
    bool CanReplay { get; }

    /// <summary>The primary produced a result: nothing will be replayed, so stop keeping input.</summary>
    void StopRecording();
}
