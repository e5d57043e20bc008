namespace Switchboard.Bench.Audio.Benchmarks;

/// <summary>
/// The speexdsp quality level each resampling benchmark compares with: the highest level that ours equals or beats on
/// both passband ripple and stopband attenuation in the tone sweep (<c>dotnet run -- quality</c> prints and checks it).
/// </summary>
internal static class ResamplerQualityLevels
{
    /// <summary>
    /// Levels also benchmarked for context: q5 (flat within 0.5–1.9 dB to 0.45 fs, far deeper stopband than ours) and q7
    /// (flat and deeper stopband: better than ours on both counts).
    /// </summary>
    internal static readonly int[] Context = [5, 7];

    internal static int For(int inputRate, int outputRate) => (inputRate, outputRate) switch
    {
        (8000, 16000) => 3,
        (16000, 8000) => 2,
        (48000, 16000) => 2,
        (16000, 48000) => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(inputRate), $"No benchmark for {inputRate} -> {outputRate} Hz."),
    };
}
