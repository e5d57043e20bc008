namespace Switchboard.Bench.Audio.Quality;

/// <summary>A streaming PCM16 resampler as the quality sweep sees it: ours or a C reference.</summary>
internal interface IStreamResampler : IDisposable
{
    string Name { get; }

    /// <summary>Consumes all of <paramref name="input"/> and returns the number of samples written.</summary>
    int Process(ReadOnlySpan<short> input, Span<short> output);
}
