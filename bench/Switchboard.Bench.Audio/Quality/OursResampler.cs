using Switchboard.Audio.Resampling;

namespace Switchboard.Bench.Audio.Quality;

/// <summary>Adapts <see cref="Resampler"/> to the sweep's <see cref="IStreamResampler"/>.</summary>
internal sealed class OursResampler(int inputRate, int outputRate) : IStreamResampler
{
    private readonly Resampler _resampler = new(inputRate, outputRate);

    public string Name => "Switchboard";

    public int Process(ReadOnlySpan<short> input, Span<short> output) => _resampler.Process(input, output);

    public void Dispose()
    {
    }
}
