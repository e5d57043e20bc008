using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Switchboard.Audio.G711;
using Switchboard.Bench.Audio.Native;
using Switchboard.Bench.Audio.Reporting;
using Switchboard.Bench.Audio.Signals;

namespace Switchboard.Bench.Audio.Benchmarks;

/// <summary>Our table-driven G.711 against spandsp's exported <c>g711_encode</c>/<c>g711_decode</c>, 1 s (8000 samples) per operation.</summary>
[Config(typeof(AudioBenchConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class G711Benchmarks : IDisposable
{
    private short[] _pcm = [];
    private byte[] _muLaw = [];
    private byte[] _aLaw = [];
    private byte[] _codes = [];
    private short[] _decoded = [];
    private SpanDspG711? _spanMuLaw;
    private SpanDspG711? _spanALaw;

    [GlobalSetup]
    public void Setup()
    {
        _pcm = TestSignals.Program(8000, 8000);
        _muLaw = new byte[_pcm.Length];
        _aLaw = new byte[_pcm.Length];
        MuLaw.Encode(_pcm, _muLaw);
        ALaw.Encode(_pcm, _aLaw);
        _codes = new byte[_pcm.Length];
        _decoded = new short[_pcm.Length];
        _spanMuLaw = new SpanDspG711(SpanDsp.G711ULaw);
        _spanALaw = new SpanDspG711(SpanDsp.G711ALaw);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Categories.MuLawEncode)]
    public int SpanDsp_MuLawEncode() => _spanMuLaw!.Encode(_pcm, _codes);

    [Benchmark, BenchmarkCategory(Categories.MuLawEncode)]
    public void Ours_MuLawEncode() => MuLaw.Encode(_pcm, _codes);

    [Benchmark(Baseline = true), BenchmarkCategory(Categories.MuLawDecode)]
    public int SpanDsp_MuLawDecode() => _spanMuLaw!.Decode(_muLaw, _decoded);

    [Benchmark, BenchmarkCategory(Categories.MuLawDecode)]
    public void Ours_MuLawDecode() => MuLaw.Decode(_muLaw, _decoded);

    [Benchmark(Baseline = true), BenchmarkCategory(Categories.ALawEncode)]
    public int SpanDsp_ALawEncode() => _spanALaw!.Encode(_pcm, _codes);

    [Benchmark, BenchmarkCategory(Categories.ALawEncode)]
    public void Ours_ALawEncode() => ALaw.Encode(_pcm, _codes);

    [Benchmark(Baseline = true), BenchmarkCategory(Categories.ALawDecode)]
    public int SpanDsp_ALawDecode() => _spanALaw!.Decode(_aLaw, _decoded);

    [Benchmark, BenchmarkCategory(Categories.ALawDecode)]
    public void Ours_ALawDecode() => ALaw.Decode(_aLaw, _decoded);

    [GlobalCleanup]
    public void Dispose()
    {
        _spanMuLaw?.Dispose();
        _spanALaw?.Dispose();
        _spanMuLaw = null;
        _spanALaw = null;
        GC.SuppressFinalize(this);
    }
}
