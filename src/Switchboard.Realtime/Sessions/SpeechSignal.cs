namespace Switchboard.Realtime.Sessions;

/// <summary>
/// A recognizer result for utterance <see cref="Utterance"/>, passed from its recognition task to the media loop.
/// <see cref="HeardUntil"/>: for a final whose recognizer reported where it ends, that point in the call's media time.
/// </summary>
internal readonly record struct SpeechSignal(SpeechSignalKind Kind, int Utterance, string Text, TimeSpan? HeardUntil = null);
