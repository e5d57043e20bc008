using System.Text;
using Switchboard.Audio.Dtmf;

namespace Switchboard.Bench.Audio.Dtmf;

/// <summary>Our streaming Goertzel detector, at 8 kHz, as a benchmark candidate.</summary>
public sealed class SwitchboardDtmfDetector : IDtmfDetectorUnderTest
{
    private readonly DtmfDetector _detector = new(8000);
    private readonly StringBuilder _digits = new();
    private int _pending;

    public void Process(ReadOnlySpan<short> samples)
    {
        _detector.Process(samples);
        while (_detector.TryReadEvent(out var e))
        {
            _pending++;
            if (_digits.Length < 4096) _digits.Append(e.Digit);
        }
    }

    public int DrainDigits()
    {
        var count = _pending;
        _pending = 0;
        return count;
    }

    public string TakeDigits()
    {
        _detector.Flush();
        while (_detector.TryReadEvent(out var e)) _digits.Append(e.Digit);
        var result = _digits.ToString();
        _digits.Clear();
        _pending = 0;
        return result;
    }

    public void Dispose()
    {
    }
}
