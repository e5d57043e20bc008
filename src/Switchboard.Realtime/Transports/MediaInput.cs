using Switchboard.Audio.Frames;

namespace Switchboard.Realtime.Transports;

/// <summary>One item of caller input: an audio frame (owned by whoever reads it), a digit, or hang-up.</summary>
public readonly record struct MediaInput(MediaInputKind Kind, AudioFrame Frame, char Digit, string? Reason)
{
    public static MediaInput Audio(AudioFrame frame) => new(MediaInputKind.Audio, frame, '\0', null);

    public static MediaInput ForDigit(char digit) => new(MediaInputKind.Digit, default, digit, null);

    public static MediaInput HangUp(string reason) => new(MediaInputKind.HangUp, default, '\0', reason);
}
