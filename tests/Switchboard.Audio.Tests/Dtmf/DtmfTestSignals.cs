using Switchboard.Audio.Dtmf;

namespace Switchboard.Audio.Tests.Dtmf;

/// <summary>Builds test signals for the detector: digits at chosen levels, deviations and twist, plus white noise.</summary>
internal sealed class DtmfTestSignals
{
    private readonly List<short> _samples = [];

    public DtmfTestSignals(int sampleRate) => SampleRate = sampleRate;

    public int SampleRate { get; }

    public int Length => _samples.Count;

    public DtmfTestSignals Silence(double ms)
    {
        _samples.AddRange(new short[Samples(ms)]);
        return this;
    }

    public DtmfTestSignals Digit(char digit, double ms, double rowDbm0, double colDbm0, double rowDeviation = 0, double colDeviation = 0)
    {
        int index = DtmfTones.IndexOf(digit);
        var buffer = new short[Samples(ms)];
        DtmfGenerator.GenerateDualTone(
            DtmfTones.RowFrequencies[index / 4] * (1 + rowDeviation),
            DtmfTones.ColumnFrequencies[index % 4] * (1 + colDeviation),
            rowDbm0,
            colDbm0,
            SampleRate,
            buffer);
        _samples.AddRange(buffer);
        return this;
    }

    public DtmfTestSignals Tones(double lowHz, double highHz, double ms, double lowDbm0, double highDbm0)
    {
        var buffer = new short[Samples(ms)];
        DtmfGenerator.GenerateDualTone(lowHz, highHz, lowDbm0, highDbm0, SampleRate, buffer);
        _samples.AddRange(buffer);
        return this;
    }

    public short[] ToArray() => [.. _samples];

    /// <summary>Adds Gaussian white noise whose power is <paramref name="snrDb"/> below the given signal mean square.</summary>
    public short[] WithNoise(double signalMeanSquare, double snrDb, Random random)
    {
        short[] result = ToArray();
        AddNoise(result, Math.Sqrt(signalMeanSquare / Math.Pow(10, snrDb / 10)), random);
        return result;
    }

    public static void AddNoise(Span<short> samples, double rms, Random random)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double g = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            samples[i] = (short)Math.Clamp(Math.Round(samples[i] + (g * rms)), -32767, 32767);
        }
    }

    public static double DualToneMeanSquare(double rowDbm0, double colDbm0) =>
        DtmfTones.MeanSquareFromDbm0(rowDbm0) + DtmfTones.MeanSquareFromDbm0(colDbm0);

    /// <summary>Runs a fresh detector over the signal in chunks of random sizes and returns every digit.</summary>
    public static List<DtmfDigitEvent> Detect(ReadOnlySpan<short> signal, int sampleRate, Random? chunking = null)
    {
        var detector = new DtmfDetector(sampleRate);
        var events = new List<DtmfDigitEvent>();
        while (!signal.IsEmpty)
        {
            int take = chunking is null ? signal.Length : Math.Min(signal.Length, chunking.Next(1, 400));
            detector.Process(signal[..take]);
            signal = signal[take..];
            while (detector.TryReadEvent(out DtmfDigitEvent e))
            {
                events.Add(e);
            }
        }

        detector.Flush();
        while (detector.TryReadEvent(out DtmfDigitEvent e))
        {
            events.Add(e);
        }

        return events;
    }

    public static string Digits(List<DtmfDigitEvent> events) => string.Concat(events.Select(e => e.Digit));

    private int Samples(double ms) => (int)Math.Round(ms * SampleRate / 1000.0);
}
