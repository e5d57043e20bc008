namespace Switchboard.Bench.Audio.Dtmf;

/// <summary>Feeds one chunk of 8 kHz audio; returns the number of digits that ended in it (or 0 if unknown).</summary>
public delegate int DtmfChunkHandler(ReadOnlySpan<short> samples);
