using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.Bench.Api;

/// <summary>
/// Runs Debian's <c>wrk</c> as a child process and parses its <c>--latency</c> report. Also samples this process's
/// allocated bytes and CPU time around the run: the servers live in this process and the C# generator is idle
/// while wrk runs, so both are the server's cost per request.
/// </summary>
internal static partial class WrkRunner
{
    public static bool IsInstalled() => FindOnPath("wrk") is not null;

    public static async Task<WrkResult> RunAsync(
        string name, Uri url, string? bearer, int threads, int connections, TimeSpan duration, CancellationToken ct)
    {
        var wrk = FindOnPath("wrk") ?? throw new InvalidOperationException("wrk is not installed: apt-get install -y wrk");
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var args = new List<string> { $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "5s" };
        if (bearer is not null) args.AddRange(["-H", $"Authorization: Bearer {bearer}"]);
        args.Add(url.ToString());
        var shown = "wrk " + string.Join(' ', args.Select(a => a.StartsWith("Authorization:", StringComparison.Ordinal)
            ? "'Authorization: Bearer $KEY'" : a));

        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(duration + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wrk did not finish within {duration.TotalSeconds + 30:0} s.");
        }
        var cpuAfter = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedAfter = GC.GetTotalAllocatedBytes(precise: false);
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {errors}{output}");

        var result = Parse(name, shown, output);
        return result.Requests <= 0 ? result : result with
        {
            AllocatedBytesPerRequest = (allocatedAfter - allocatedBefore) / (double)result.Requests,
            CpuMicrosecondsPerRequest = (cpuAfter - cpuBefore).TotalMicroseconds / result.Requests,
        };
    }

    /// <summary>Parses wrk 4's text report; unknown or missing lines become NaN/0 rather than failing the run.</summary>
    internal static WrkResult Parse(string name, string command, string output)
    {
        double Percentile(string p)
        {
            var m = Regex.Match(output, $@"^\s*{p}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            return m.Success ? ToMs(m.Groups[1].Value, m.Groups[2].Value) : double.NaN;
        }

        var rps = RpsLine().Match(output);
        var total = TotalLine().Match(output);
        var non2xx = Non2xxLine().Match(output);
        var socket = SocketLine().Match(output);
        var max = LatencyLine().Match(output);
        long socketErrors = 0;
        if (socket.Success)
            for (var g = 1; g <= 4; g++) socketErrors += long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture);

        return new WrkResult(name, command,
            rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
            total.Success ? long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socketErrors,
            socket.Success ? socket.Value : "no socket errors",
            Percentile("50"), Percentile("90"), Percentile("99"),
            max.Success ? ToMs(max.Groups[1].Value, max.Groups[2].Value) : double.NaN,
            double.NaN, double.NaN, output);
    }

    private static double ToMs(string number, string unit)
    {
        var value = double.Parse(number, CultureInfo.InvariantCulture);
        return unit switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static string? FindOnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"^\s*(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketLine();

    // "Latency   1.02ms  300.00us  12.00ms   90.00%": the third figure is the maximum.
    [GeneratedRegex(@"^\s*Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();
}
