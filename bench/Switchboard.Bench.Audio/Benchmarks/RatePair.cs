namespace Switchboard.Bench.Audio.Benchmarks;

/// <summary>
/// A resampling case: input and output rates and the speexdsp quality level compared with ours, the highest level
/// whose measured quality ours still equals or beats (see the <c>quality</c> command and docs/performance.md).
/// </summary>
public sealed record RatePair(int InputRate, int OutputRate, int SpeexQuality)
{
    public override string ToString() => $"{InputRate / 1000}k->{OutputRate / 1000}k vs q{SpeexQuality}";
}
