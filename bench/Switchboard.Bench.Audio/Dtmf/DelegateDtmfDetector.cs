namespace Switchboard.Bench.Audio.Dtmf;

/// <summary>Feeds one chunk of 8 kHz audio; returns the number of digits that ended in it (or 0 if unknown).</summary>
public delegate int DtmfChunkHandler(ReadOnlySpan<short> samples);

/// <summary>
/// Wraps any streaming detector given as a delegate, so plugging ours in is one line in
/// <see cref="DtmfCandidates"/>. The delegate is created once per detector, so nothing is allocated per frame.
/// </summary>
public sealed class DelegateDtmfDetector(DtmfChunkHandler process, Func<string>? takeDigits = null) : IDtmfDetectorUnderTest
{
    private int _pending;

    public void Process(ReadOnlySpan<short> samples) => _pending += process(samples);

    public int DrainDigits()
    {
        int count = _pending;
        _pending = 0;
        return count;
    }

    public string TakeDigits()
    {
        _pending = 0;
        return takeDigits?.Invoke() ?? string.Empty;
    }

    public void Dispose()
    {
    }
}
