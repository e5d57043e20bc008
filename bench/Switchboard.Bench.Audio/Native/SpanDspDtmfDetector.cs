using Switchboard.Bench.Audio.Dtmf;

namespace Switchboard.Bench.Audio.Native;

/// <summary>
/// spandsp's DTMF receiver (<c>dtmf_rx_init(NULL, NULL, NULL)</c>, default parameters) with digits collected in its
/// own buffer and read with <c>dtmf_rx_get</c>. Not thread-safe; owns the native state until disposed.
/// </summary>
internal sealed unsafe class SpanDspDtmfDetector : IDtmfDetectorUnderTest
{
    private nint _state;

    public SpanDspDtmfDetector()
    {
        _state = SpanDsp.DtmfRxInit(0, 0, 0);
        if (_state == 0)
        {
            throw new InvalidOperationException("dtmf_rx_init(NULL, NULL, NULL) returned NULL.");
        }
    }

    public void Process(ReadOnlySpan<short> samples)
    {
        fixed (short* amp = samples)
        {
            _ = SpanDsp.DtmfRx(_state, amp, samples.Length);
        }
    }

    public int DrainDigits()
    {
        byte* digits = stackalloc byte[64];
        int total = 0;
        int got;
        do
        {
            got = (int)SpanDsp.DtmfRxGet(_state, digits, 64);
            total += got;
        }
        while (got == 64);

        return total;
    }

    public string TakeDigits()
    {
        var text = new System.Text.StringBuilder();
        byte* digits = stackalloc byte[64];
        int got;
        do
        {
            got = (int)SpanDsp.DtmfRxGet(_state, digits, 64);
            for (int i = 0; i < got; i++)
            {
                text.Append((char)digits[i]);
            }
        }
        while (got == 64);

        return text.ToString();
    }

    public void Dispose()
    {
        if (_state != 0)
        {
            _ = SpanDsp.DtmfRxFree(_state);
            _state = 0;
        }
    }
}
