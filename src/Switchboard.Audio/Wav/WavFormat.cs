namespace Switchboard.Audio.Wav;

/// <summary>The format of a WAV file as declared in its <c>fmt </c> chunk (after validation).</summary>
/// <param name="Encoding">Sample encoding (WAVE_FORMAT_EXTENSIBLE is resolved to its sub-format).</param>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Channels">Channels in the file (the reader downmixes them to mono).</param>
/// <param name="BitsPerSample">Bits per sample per channel.</param>
/// <param name="BlockAlign">Bytes per sample frame (all channels).</param>
/// <remarks>Immutable; safe to share between threads.</remarks>
public sealed record WavFormat(WavEncoding Encoding, int SampleRate, int Channels, int BitsPerSample, int BlockAlign);
