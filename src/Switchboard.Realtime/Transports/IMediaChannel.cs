namespace Switchboard.Realtime.Transports;

/// <summary>
/// One call's media as the engine sees it, whatever carries it (SIP/RTP, Twilio Media Streams, a browser WebSocket, or
/// memory in tests and the simulator): mono PCM16 frames of <see cref="FrameDuration"/> in and out, keypad digits in and
/// out, hang-up and transfer.
/// </summary>
/// <remarks>
/// <para><b>Pacing.</b> The transport delivers caller audio in real time (one frame per frame period). The engine answers
/// each inbound frame with at most one outbound frame, so the inbound stream is the call's clock: barge-in stops agent
/// audio within one frame and nothing queues unseen inside the transport. A transport whose caller sends nothing during
/// silence (DTX) must still deliver silent frames on its own clock.</para>
/// <para><b>Ownership.</b> Frames read from <see cref="Input"/> belong to the reader, who disposes them. A frame passed to
/// <see cref="SendAudioAsync"/> belongs to the channel from then on.</para>
/// <para><b>Thread-safety.</b> One reader of <see cref="Input"/> and one writer of audio (the call's media loop); the
/// control methods may be called from another task.</para>
/// </remarks>
public interface IMediaChannel : IAsyncDisposable
{
    /// <summary>Sample rate of frames in both directions (8000 for telephony, 16000 for wideband transports).</summary>
    int SampleRate { get; }

    /// <summary>Duration of one frame (20 ms on every transport we have).</summary>
    TimeSpan FrameDuration { get; }

    /// <summary>Caller audio, digits and hang-up, in arrival order. Completes when the call's media ends.</summary>
    System.Threading.Channels.ChannelReader<MediaInput> Input { get; }

    /// <summary>Sends one frame of agent audio. Takes ownership of <paramref name="frame"/>.</summary>
    ValueTask SendAudioAsync(Switchboard.Audio.Frames.AudioFrame frame, CancellationToken cancellationToken);

    /// <summary>Drops agent audio the transport has buffered but not played (Twilio <c>clear</c>, RTP flush).</summary>
    void ClearAudio();

    /// <summary>Sends keypad digits to the far end (RFC 4733 on RTP; in-band or the transport's own message elsewhere).</summary>
    ValueTask SendDigitsAsync(string digits, CancellationToken cancellationToken);

    /// <summary>Ends the call from our side. <paramref name="reason"/> is recorded, not sent.</summary>
    ValueTask HangUpAsync(string reason, CancellationToken cancellationToken);

    /// <summary>Asks the transport to hand the caller to <paramref name="target"/> (SIP REFER, Twilio redirect, ...).</summary>
    /// <returns>Whether the transport accepted the transfer; a refused transfer leaves the call up.</returns>
    ValueTask<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken);
}
