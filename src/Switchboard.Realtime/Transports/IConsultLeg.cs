namespace Switchboard.Realtime.Transports;

/// <summary>
/// The answered second call of a warm transfer: the agent speaks to the person on it, then joins the caller to it.
/// Disposing it without <see cref="BridgeAsync"/> hangs it up and takes the caller off hold.
/// </summary>
/// <remarks>Thread-safety: one audio writer; <see cref="BridgeAsync"/> and disposal from the same task.</remarks>
public interface IConsultLeg : IAsyncDisposable
{
    /// <summary>Sample rate of <see cref="SendAudioAsync"/> frames.</summary>
    int SampleRate { get; }

    /// <summary>
    /// Completes when the person on this leg hangs up (or the leg otherwise ends), or when the caller does: either way
    /// there is nobody left to join, and <see cref="BridgeAsync"/> will say which.
    /// </summary>
    Task Ended { get; }

    /// <summary>Plays one frame of agent audio to the person on this leg, waiting in step with the media clock. Takes ownership of the frame.</summary>
    ValueTask SendAudioAsync(Switchboard.Audio.Frames.AudioFrame frame, CancellationToken cancellationToken);

    /// <summary>
    /// Joins the caller and this leg: from now on each hears the other and the transport no longer delivers input to the
    /// engine; the joined call lives on after the agent's session ends, until either side hangs up.
    /// </summary>
    /// <returns>Accepted when joined; refused (the call stays with the agent) when either side has already hung up.</returns>
    ValueTask<TransferOutcome> BridgeAsync(CancellationToken cancellationToken);
}
