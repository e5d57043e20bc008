using System.Globalization;
using System.Text;

namespace Switchboard.Bench.Api;

/// <summary>Renders a run as the Markdown that goes into docs/performance.md.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchResults r)
    {
        var o = r.Options;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run {r.StartedAt:yyyy-MM-dd HH:mm} UTC · {r.Machine.Cores} cores, {r.Machine.CpuModel} · {r.Machine.Os} · {r.Machine.Runtime}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Load average before/after: {r.Machine.LoadAverage} / {r.LoadAverageAfter} · response body {r.PayloadBytes} bytes, both servers");
        sb.AppendLine();
        sb.AppendLine("| | bare Kestrel | full stack (auth + rate limit + metrics + SQLite) | full / bare |");
        sb.AppendLine("|---|---:|---:|---:|");
        if (r.WrkBare is { } wb && r.WrkFull is { } wf)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| max throughput, req/s (wrk -t{o.WrkThreads} -c{o.WrkConnections} -d{o.Duration.TotalSeconds:0}s) | {wb.RequestsPerSecond:0} | {wf.RequestsPerSecond:0} | **{r.ThroughputRatio:0.00}** |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| wrk latency p50 / p99 at max throughput, ms | {wb.P50Ms:0.00} / {wb.P99Ms:0.00} | {wf.P50Ms:0.00} / {wf.P99Ms:0.00} | |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| process CPU per request, µs | {wb.CpuMicrosecondsPerRequest:0} | {wf.CpuMicrosecondsPerRequest:0} | {wf.CpuMicrosecondsPerRequest / wb.CpuMicrosecondsPerRequest:0.0}× |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| allocated per request, bytes | {wb.AllocatedBytesPerRequest:0} | {wf.AllocatedBytesPerRequest:0} | {wf.AllocatedBytesPerRequest / wb.AllocatedBytesPerRequest:0.0}× |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| wrk non-2xx/3xx responses | {wb.Non2xx3xx} | {wf.Non2xx3xx} | |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| wrk socket errors | {wb.SocketErrorDetail} | {wf.SocketErrorDetail} | |");
        }
        var fb = r.FixedBare;
        var ff = r.FixedFull;
        sb.AppendLine(CultureInfo.InvariantCulture, $"| open loop {o.Rate} req/s × {o.Duration.TotalSeconds:0}s: achieved req/s | {fb.AchievedRate:0} | {ff.AchievedRate:0} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| latency from scheduled send p50, ms | {fb.Latency.P50Ms:0.00} | {ff.Latency.P50Ms:0.00} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| latency from scheduled send p90, ms | {fb.Latency.P90Ms:0.00} | {ff.Latency.P90Ms:0.00} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **latency from scheduled send p99, ms** | {fb.Latency.P99Ms:0.00} | **{ff.Latency.P99Ms:0.00}** | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| latency from scheduled send max, ms | {fb.Latency.MaxMs:0.00} | {ff.Latency.MaxMs:0.00} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| service time (from actual send) p50 / p99, ms | {fb.ServiceTime.P50Ms:0.00} / {fb.ServiceTime.P99Ms:0.00} | {ff.ServiceTime.P50Ms:0.00} / {ff.ServiceTime.P99Ms:0.00} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| generator dispatch lag p50 / p99, ms | {fb.DispatchLag.P50Ms:0.00} / {fb.DispatchLag.P99Ms:0.00} | {ff.DispatchLag.P50Ms:0.00} / {ff.DispatchLag.P99Ms:0.00} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| responses 200 with the right body / scheduled | {fb.Ok} / {fb.Scheduled} | {ff.Ok} / {ff.Scheduled} | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| non-200 / wrong body length / transport errors | {fb.Non200} / {fb.WrongLength} / {fb.Errors} | {ff.Non200} / {ff.WrongLength} / {ff.Errors} | |");
        sb.AppendLine();

        if (r.Breakdown.Count > 0)
        {
            sb.AppendLine("Where the full stack's time goes (wrk, same settings, each row adds a layer):");
            sb.AppendLine();
            sb.AppendLine("| endpoint | req/s | p50 ms | p99 ms | CPU µs/req | bytes/req |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var w in r.Breakdown)
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {w.Name} | {w.RequestsPerSecond:0} | {w.P50Ms:0.00} | {w.P99Ms:0.00} | {w.CpuMicrosecondsPerRequest:0} | {w.AllocatedBytesPerRequest:0} |");
            sb.AppendLine();
        }

        if (r.EfEventsPerRequest.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"EF Core per full-stack request (diagnostic listener, separate run): DB command time {r.EfCommandMsPerRequest:0.000} ms");
            sb.AppendLine();
            sb.AppendLine("| EF Core event | per request |");
            sb.AppendLine("|---|---:|");
            foreach (var (name, perRequest) in r.EfEventsPerRequest)
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {perRequest:0.00} |");
            sb.AppendLine();
        }

        if (r.AllocationsPerRequest.Count > 0)
        {
            sb.AppendLine("Top allocating types on the full agent GET (GCAllocationTick samples, separate run; estimates):");
            sb.AppendLine();
            sb.AppendLine("| type | ≈ bytes per request |");
            sb.AppendLine("|---|---:|");
            foreach (var (type, bytes) in r.AllocationsPerRequest)
                sb.AppendLine(CultureInfo.InvariantCulture, $"| `{type}` | {bytes:0} |");
            sb.AppendLine();
        }

        var ratio = r.ThroughputRatio;
        var ratioText = ratio is { } x
            ? FormattableString.Invariant($"{x:P0}: {(x >= BenchResults.MinThroughputRatio ? "**met**" : "**missed**")}")
            : "not measured (wrk skipped)";
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Goal: full ≥ {BenchResults.MinThroughputRatio:P0} of bare req/s — {ratioText}");
        var p99Met = ff.Latency.P99Ms < BenchResults.MaxP99Ms ? "**met**" : "**missed**";
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Goal: full p99 < {BenchResults.MaxP99Ms} ms at {o.Rate} req/s — {ff.Latency.P99Ms:0.00} ms: {p99Met}");
        var firstFailure = ff.FirstFailure ?? fb.FirstFailure;
        sb.AppendLine("- Every response checked: " + (r.AllResponsesCorrect ? "all 200 with the expected body" : "**failures** (see counts above)")
            + (firstFailure is null ? "" : $"; first failure: {firstFailure}"));
        if (r.WrkBare is { } cmd)
            sb.AppendLine(CultureInfo.InvariantCulture, $"- wrk command (both servers get the same request, key header included): `{cmd.Command}`");
        foreach (var w in new[] { r.WrkBare, r.WrkFull })
        {
            if (w is null) continue;
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"<details><summary>wrk output, {w.Name}</summary>");
            sb.AppendLine();
            sb.AppendLine("```");
            sb.AppendLine(w.RawOutput.TrimEnd());
            sb.AppendLine("```");
            sb.AppendLine("</details>");
        }
        return sb.ToString();
    }
}
