namespace Switchboard.Realtime.Transports;

/// <summary>What a <see cref="MediaInput"/> carries.</summary>
public enum MediaInputKind
{
    /// <summary>One frame of caller audio.</summary>
    Audio,

    /// <summary>One keypad digit (0-9, *, #, A-D), however the transport received it.</summary>
    Digit,

    /// <summary>The caller hung up or the transport lost the call; no more input follows.</summary>
    HangUp,
}
