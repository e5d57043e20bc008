namespace Switchboard.Bench.Audio.Dtmf;

/// <summary>
/// Wraps any streaming detector given as a delegate, so plugging ours in is one line in
/// <see cref="DtmfCandidates"/>. The delegate is created once per detector, so nothing is allocated per frame.
/// </summary>
public sealed class DelegateDtmfDetector : IDtmfDetectorUnderTest
{
    private readonly DtmfChunkHandler _process;
    private readonly Func<string>? _takeDigits;
    private int _pending;

    /// <exception cref="ArgumentNullException"><paramref name="process"/> is null.</exception>
    public DelegateDtmfDetector(DtmfChunkHandler process, Func<string>? takeDigits = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        _process = process;
        _takeDigits = takeDigits;
    }

    public void Process(ReadOnlySpan<short> samples) => _pending += _process(samples);

    public int DrainDigits()
    {
        int count = _pending;
        _pending = 0;
        return count;
    }

    public string TakeDigits()
    {
        _pending = 0;
        return _takeDigits?.Invoke() ?? string.Empty;
    }

    public void Dispose()
    {
    }
}
