using System.Globalization;
using Switchboard.Bench.Audio.Benchmarks;
using Switchboard.Bench.Audio.Native;

namespace Switchboard.Bench.Audio.Quality;

/// <summary>
/// The <c>quality</c> command: sweeps ours and speexdsp q0..10 for each benchmarked rate pair, prints a Markdown table,
/// picks the highest speex level ours equals or beats, and checks it against <see cref="ResamplerQualityLevels"/>.
/// </summary>
internal static class QualityReport
{
    private static readonly (int In, int Out)[] Pairs = [(8000, 16000), (16000, 8000), (48000, 16000), (16000, 48000)];

    public static int Run(TextWriter output)
    {
        int mismatches = 0;
        output.WriteLine("| Rate pair | Resampler | Passband ripple (dB, 0..0.45 fs_low) | Gain at 0.45 fs_low (dB) | Stopband attenuation (dB) | Worst tone (Hz) |");
        output.WriteLine("|---|---|---:|---:|---:|---:|");
        var summary = new List<string>();
        foreach (var (inRate, outRate) in Pairs)
        {
            var ours = ToneSweep.Measure(() => new OursResampler(inRate, outRate), inRate, outRate);
            Print(output, inRate, outRate, ours);
            int matched = -1;
            for (int quality = 0; quality <= 10; quality++)
            {
                int q = quality;
                var speex = ToneSweep.Measure(() => new SpeexResampler(inRate, outRate, q), inRate, outRate);
                Print(output, inRate, outRate, speex);
                if (ours.EqualsOrBeats(speex))
                {
                    matched = quality;
                }
            }

            int configured = ResamplerQualityLevels.For(inRate, outRate);
            summary.Add(string.Create(CultureInfo.InvariantCulture,
                $"{inRate / 1000}k->{outRate / 1000}k: highest speexdsp level ours equals or beats = {(matched < 0 ? "none" : "q" + matched)}; benchmark uses q{configured}"));
            if (matched >= 0 && matched != configured)
            {
                mismatches++;
            }
        }

        output.WriteLine();
        foreach (string line in summary)
        {
            output.WriteLine(line);
        }

        return mismatches;
    }

    private static void Print(TextWriter output, int inRate, int outRate, SweepResult r) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {inRate / 1000}k->{outRate / 1000}k | {r.Name} | {r.PassbandRippleDb:F3} | {r.EdgeGainDb:F2} | {r.StopbandAttenuationDb:F1} | {r.WorstFrequencyHz:F0} |"));
}
