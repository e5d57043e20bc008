namespace Switchboard.Realtime.Sessions;

/// <summary>A recognizer result for utterance <see cref="Utterance"/>, passed from its recognition task to the media loop.</summary>
internal readonly record struct SpeechSignal(SpeechSignalKind Kind, int Utterance, string Text);
