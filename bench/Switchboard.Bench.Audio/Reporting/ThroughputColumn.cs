using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Switchboard.Bench.Audio.Benchmarks;

namespace Switchboard.Bench.Audio.Reporting;

/// <summary>
/// Input samples per second or multiple of real time, from the mean time per operation and the audio each operation
/// processes (read from its category name: "20 ms" or "1 s"; input rate from a <see cref="RatePair"/> parameter,
/// else 8 kHz).
/// </summary>
internal sealed class ThroughputColumn(bool realTime) : IColumn
{
    public static readonly ThroughputColumn SamplesPerSecond = new(false);
    public static readonly ThroughputColumn RealTime = new(true);

    public string Id => realTime ? "XRealTime" : "SamplesPerSecond";

    public string ColumnName => realTime ? "x RealTime" : "In samples/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => realTime ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => realTime
        ? "Seconds of audio processed per second of one core"
        : "Input samples processed per second of one core";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        double? meanNs = report?.ResultStatistics?.Mean;
        if (meanNs is null or <= 0)
        {
            return "NA";
        }

        double audioSeconds = AudioSecondsPerOperation(benchmarkCase);
        double perSecond = audioSeconds / (meanNs.Value * 1e-9);
        if (realTime)
        {
            return perSecond.ToString("N0") + "x";
        }

        double samples = perSecond * InputRate(benchmarkCase);
        return samples >= 1e6 ? (samples / 1e6).ToString("N1") + " M" : (samples / 1e3).ToString("N1") + " k";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    private static double AudioSecondsPerOperation(BenchmarkCase benchmarkCase)
    {
        foreach (string category in benchmarkCase.Descriptor.Categories)
        {
            if (category.EndsWith("20 ms", StringComparison.Ordinal))
            {
                return 0.02;
            }

            if (category.EndsWith("1 s", StringComparison.Ordinal))
            {
                return 1.0;
            }
        }

        return double.NaN;
    }

    private static int InputRate(BenchmarkCase benchmarkCase)
    {
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            if (parameter.Value is RatePair pair)
            {
                return pair.InputRate;
            }
        }

        return 8000;
    }
}
