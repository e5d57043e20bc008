using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Switchboard.Bench.Audio.Dtmf;
using Switchboard.Bench.Audio.Reporting;
using Switchboard.Bench.Audio.Signals;

namespace Switchboard.Bench.Audio.Benchmarks;

/// <summary>
/// Streaming DTMF detection at 8 kHz over 2 s of digits (8 per second, 50 ms on, 75 ms off) in noise, one 20 ms frame
/// or one second per operation. Detectors come from <see cref="DtmfCandidates"/>: spandsp is the reference, ours
/// (<c>DtmfDetector</c>) the candidate. Found digits are drained every operation, as a call's consumer would.
/// </summary>
[Config(typeof(AudioBenchConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DtmfBenchmarks : IDisposable
{
    internal const int Rate = 8000;
    private short[] _signal = [];
    private IDtmfDetectorUnderTest? _detector;
    private int _offset;

    [ParamsSource(nameof(Detectors))]
    public DtmfCandidate Detector { get; set; } = DtmfCandidates.All[0];

    public static IEnumerable<DtmfCandidate> Detectors => DtmfCandidates.All;

    internal static short[] CreateSignal() => TestSignals.Dtmf(TestSignals.DtmfDigits, 50, 75, 2 * Rate);

    [GlobalSetup]
    public void Setup()
    {
        _signal = CreateSignal();
        _detector = Detector.Create();
        _offset = 0;
    }

    [Benchmark, BenchmarkCategory(Categories.Frame)]
    public int Frame() => Feed(Rate / 50);

    [Benchmark, BenchmarkCategory(Categories.Second)]
    public int Second() => Feed(Rate);

    [GlobalCleanup]
    public void Dispose()
    {
        _detector?.Dispose();
        _detector = null;
        GC.SuppressFinalize(this);
    }

    private int Feed(int length)
    {
        _detector!.Process(new ReadOnlySpan<short>(_signal, _offset, length));
        _offset += length;
        if (_offset + length > _signal.Length)
        {
            _offset = 0;
        }

        return _detector.DrainDigits();
    }
}
