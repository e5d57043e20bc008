namespace Switchboard.Bench.Audio.Dtmf;

/// <summary>
/// A streaming in-band DTMF detector over 8 kHz PCM16, as the benchmark drives it: ours or spandsp's.
/// Not thread-safe; one instance is one stream.
/// </summary>
public interface IDtmfDetectorUnderTest : IDisposable
{
    /// <summary>Feeds the next chunk of 8 kHz audio; digits found are kept until <see cref="DrainDigits"/>.</summary>
    void Process(ReadOnlySpan<short> samples);

    /// <summary>
    /// Discards (or counts) the digits found so far, without allocating; returns how many there were. Called once
    /// per benchmark operation so internal digit buffers never fill up.
    /// </summary>
    int DrainDigits();

    /// <summary>Digits found so far as text, for the correctness check only (may allocate).</summary>
    string TakeDigits();
}
