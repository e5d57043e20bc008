using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Switchboard.Audio.Resampling;
using Switchboard.Bench.Audio.Native;
using Switchboard.Bench.Audio.Reporting;
using Switchboard.Bench.Audio.Signals;

namespace Switchboard.Bench.Audio.Benchmarks;

/// <summary>
/// Our polyphase resampler against speexdsp (<c>speex_resampler_process_int</c>), one 20 ms frame per operation
/// (the media path's unit) and one second per operation (bulk), on a continuous stream so filter state is warm.
/// </summary>
[Config(typeof(AudioBenchConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ResamplerBenchmarks : IDisposable
{
    private short[] _input = [];
    private short[] _output = [];
    private Resampler? _ours;
    private SpeexResampler? _speex;
    private int _frameLength;
    private int _offset;

    [ParamsSource(nameof(Pairs))]
    public RatePair Pair { get; set; } = Pairs.First();

    // Per rate pair: the highest speex level ours equals or beats (from `dotnet run -- quality`), then the context levels.
    public static IEnumerable<RatePair> Pairs
    {
        get
        {
            (int In, int Out)[] rates = [(8000, 16000), (16000, 8000), (48000, 16000), (16000, 48000)];
            foreach (var (inRate, outRate) in rates)
            {
                int matched = ResamplerQualityLevels.For(inRate, outRate);
                yield return new RatePair(inRate, outRate, matched);
                foreach (int level in ResamplerQualityLevels.Context)
                {
                    if (level != matched)
                    {
                        yield return new RatePair(inRate, outRate, level);
                    }
                }
            }
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _input = TestSignals.Program(Pair.InputRate, Pair.InputRate);
        _frameLength = Pair.InputRate / 50;
        _ours = new Resampler(Pair.InputRate, Pair.OutputRate);
        _speex = new SpeexResampler(Pair.InputRate, Pair.OutputRate, Pair.SpeexQuality);
        _output = new short[SpeexResampler.OutputCapacity(_input.Length, Pair.InputRate, Pair.OutputRate) + _ours.MaxOutputLength(_input.Length)];
        _offset = 0;
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Categories.Frame)]
    public int Speex_Frame() => _speex!.Process(NextFrame(), _output);

    [Benchmark, BenchmarkCategory(Categories.Frame)]
    public int Ours_Frame() => _ours!.Process(NextFrame(), _output);

    [Benchmark(Baseline = true), BenchmarkCategory(Categories.Second)]
    public int Speex_Second() => _speex!.Process(_input, _output);

    [Benchmark, BenchmarkCategory(Categories.Second)]
    public int Ours_Second() => _ours!.Process(_input, _output);

    [GlobalCleanup]
    public void Dispose()
    {
        _speex?.Dispose();
        _speex = null;
        GC.SuppressFinalize(this);
    }

    private ReadOnlySpan<short> NextFrame()
    {
        var frame = new ReadOnlySpan<short>(_input, _offset, _frameLength);
        _offset += _frameLength;
        if (_offset + _frameLength > _input.Length)
        {
            _offset = 0;
        }

        return frame;
    }
}
