using System.Globalization;

namespace Switchboard.Bench.Api;

/// <summary>Command-line settings of one benchmark run; every limit is bounded so a typo cannot run for hours.</summary>
internal sealed class BenchOptions
{
    public TimeSpan Duration { get; private init; } = TimeSpan.FromSeconds(20);
    public int Rate { get; private init; } = 1000;
    public TimeSpan Warmup { get; private init; } = TimeSpan.FromSeconds(3);
    public int WrkThreads { get; private init; } = 2;
    public int WrkConnections { get; private init; } = 32;
    public bool SkipWrk { get; private init; }
    public bool Breakdown { get; private init; }
    public string Output { get; private init; } = Path.Combine(Path.GetTempPath(), "switchboard-bench-api.md");

    private static readonly HashSet<string> ValueFlags =
        new(["--duration", "--warmup", "--rate", "--threads", "--connections", "--output"], StringComparer.Ordinal);

    public const string Usage =
        "usage: Switchboard.Bench.Api [--duration 20s] [--rate 1000] [--warmup 3s] [--threads 2] [--connections 32]\n" +
        "                             [--output FILE.md] [--skip-wrk] [--breakdown]";

    /// <exception cref="ArgumentException">An unknown flag, a missing value or a value out of range.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var duration = TimeSpan.FromSeconds(20);
        var warmup = TimeSpan.FromSeconds(3);
        int rate = 1000, threads = 2, connections = 32;
        bool skipWrk = false, breakdown = false;
        var output = Path.Combine(Path.GetTempPath(), "switchboard-bench-api.md");
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            switch (flag)
            {
                case "--skip-wrk": skipWrk = true; continue;
                case "--breakdown": breakdown = true; continue;
            }
            if (!ValueFlags.Contains(flag)) throw new ArgumentException($"Unknown option '{flag}'.\n{Usage}", nameof(args));
            if (i + 1 >= args.Count) throw new ArgumentException($"'{flag}' needs a value.\n{Usage}", nameof(args));
            var value = args[++i];
            switch (flag)
            {
                case "--duration": duration = ParseDuration(flag, value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)); break;
                case "--warmup": warmup = ParseDuration(flag, value, TimeSpan.Zero, TimeSpan.FromMinutes(2)); break;
                case "--rate": rate = ParseInt(flag, value, 1, 50_000); break;
                case "--threads": threads = ParseInt(flag, value, 1, 64); break;
                case "--connections": connections = ParseInt(flag, value, 1, 4096); break;
                case "--output":
                    output = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("--output needs a file name.", nameof(args)) : value;
                    break;
                default: throw new ArgumentException($"Unknown option '{flag}'.\n{Usage}", nameof(args));
            }
        }
        if (connections < threads)
            throw new ArgumentException($"--connections ({connections}) must be at least --threads ({threads}); wrk needs one connection per thread.", nameof(args));
        return new BenchOptions
        {
            Duration = duration, Warmup = warmup, Rate = rate, WrkThreads = threads, WrkConnections = connections,
            SkipWrk = skipWrk, Breakdown = breakdown, Output = output,
        };
    }

    /// <summary>Accepts <c>20s</c>, <c>500ms</c>, <c>2m</c> or a bare number of seconds.</summary>
    internal static TimeSpan ParseDuration(string flag, string value, TimeSpan min, TimeSpan max)
    {
        var text = value.Trim();
        double factorMs = 1000;
        if (text.EndsWith("ms", StringComparison.OrdinalIgnoreCase)) { factorMs = 1; text = text[..^2]; }
        else if (text.EndsWith('s')) text = text[..^1];
        else if (text.EndsWith('m')) { factorMs = 60_000; text = text[..^1]; }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || double.IsNaN(number))
            throw new ArgumentException($"{flag} '{value}' is not a duration (e.g. 20s, 500ms, 2m).", nameof(value));
        var result = TimeSpan.FromMilliseconds(number * factorMs);
        if (result < min || result > max)
            throw new ArgumentException($"{flag} must be between {min} and {max}; got {value}.", nameof(value));
        return result;
    }

    private static int ParseInt(string flag, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new ArgumentException($"{flag} must be an integer from {min} to {max}; got '{value}'.", nameof(value));
        return n;
    }
}
