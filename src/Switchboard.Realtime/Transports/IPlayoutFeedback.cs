namespace Switchboard.Realtime.Transports;

/// <summary>
/// Implemented by a transport that learns from the far end how much of the agent's audio has actually been played
/// (Twilio Media Streams <c>mark</c> echoes), as opposed to merely handed to the network. A transport that plays what it
/// sends at once (RTP) has no need for it.
/// </summary>
/// <remarks>
/// <para>Both counters count frames passed to <see cref="IMediaChannel.SendAudioAsync"/> plus any audio the transport
/// generated itself (in-band DTMF), numbered from 1 in the order they were accepted. <see cref="FramesPlayed"/> is the
/// number of the last frame the far end reported as played <i>or discarded</i>: after
/// <see cref="IMediaChannel.ClearAudio"/> the far end acknowledges the dropped audio too. So at the moment of a barge-in,
/// read both counters <i>before</i> calling <see cref="IMediaChannel.ClearAudio"/>: <c>FramesSent - FramesPlayed</c> is
/// how many frames the caller has not heard.</para>
/// <para>Thread-safety: both properties may be read from any thread at any time; they only grow.</para>
/// </remarks>
public interface IPlayoutFeedback
{
    /// <summary>Frames of agent audio accepted by the transport so far.</summary>
    long FramesSent { get; }

    /// <summary>Number of the last accepted frame the far end has played (or discarded on a clear); 0 before any.</summary>
    long FramesPlayed { get; }
}
