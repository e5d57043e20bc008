using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Switchboard.Bench.Audio.Reporting;

/// <summary>
/// Short job (3 warm-ups, 3 iterations, 1 launch) run in-process: the machine is 2 shared cores, so a child build per
/// run costs more than it buys; allocations via <see cref="MemoryDiagnoser"/>; throughput columns for the table.
/// </summary>
public sealed class AudioBenchConfig : ManualConfig
{
    public AudioBenchConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(ThroughputColumn.SamplesPerSecond, ThroughputColumn.RealTime);
    }
}
