namespace Switchboard.Bench.Audio.Benchmarks;

/// <summary>
/// Benchmark categories; their names state the audio per operation, which <see cref="Reporting.ThroughputColumn"/>
/// reads back to compute samples/s and × real time.
/// </summary>
internal static class Categories
{
    internal const string Frame = "frame 20 ms";
    internal const string Second = "bulk 1 s";
    internal const string MuLawEncode = "mu-law encode 1 s";
    internal const string MuLawDecode = "mu-law decode 1 s";
    internal const string ALawEncode = "A-law encode 1 s";
    internal const string ALawDecode = "A-law decode 1 s";
}
