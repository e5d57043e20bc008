namespace Switchboard.Speech.PocketSphinx;

/// <summary>
/// Counts how long the audio has been quiet, in 10 ms windows, relative to the loudest window of the current utterance
/// (26 dB below it, or below an absolute floor of about −60 dBFS): the cue to decode a final ahead of time. A wrong
/// call only costs work (the decoder resumes the utterance), never the transcript.
/// </summary>
/// <remarks>Not thread-safe; one per recognition. Fed 16 kHz audio; allocation-free.</remarks>
internal sealed class PauseDetector
{
    private const double RelativeThreshold = 0.05;
    private const double FloorRms = 30;

    private readonly int _window;
    private double _sumSquares;
    private int _inWindow;
    private double _peakRms;

    internal PauseDetector(int sampleRate) => _window = sampleRate / 100;

    /// <summary>Samples of quiet audio since the last loud window.</summary>
    internal long QuietSamples { get; private set; }

    internal void Process(ReadOnlySpan<short> samples)
    {
        foreach (short sample in samples)
        {
            _sumSquares += sample * (double)sample;
            if (++_inWindow < _window)
            {
                continue;
            }

            double rms = Math.Sqrt(_sumSquares / _window);
            _sumSquares = 0;
            _inWindow = 0;
            _peakRms = Math.Max(_peakRms, rms);
            QuietSamples = rms < Math.Max(_peakRms * RelativeThreshold, FloorRms) ? QuietSamples + _window : 0;
        }
    }

    /// <summary>A new utterance: its loudness is judged afresh.</summary>
    internal void Reset()
    {
        _peakRms = 0;
        QuietSamples = 0;
    }
}
