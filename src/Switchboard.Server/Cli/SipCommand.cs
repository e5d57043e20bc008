using System.CommandLine;
using System.Globalization;
using System.Net;
using Switchboard.Sip.Echo;

namespace Switchboard.Server.Cli;

/// <summary><c>switchboard sip echo</c>: answer every call and play the caller's audio and digits back.</summary>
internal static class SipCommand
{
    public static Command Create()
    {
        var bind = new Option<string>("--bind") { Description = "Address to listen on (SIP and RTP); it goes into the SDP.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "SIP port, UDP and TCP.", DefaultValueFactory = _ => 5060 };
        var rtp = new Option<string>("--rtp-ports") { Description = "RTP port range FROM-TO.", DefaultValueFactory = _ => "10000-20000" };
        var statsFile = new Option<string?>("--stats-file")
        {
            Description = "Rewrite this file every second (and on exit) with one line of counters: answered, active calls, dialogs, RTP ports in use, media clock.",
        };
        var floodLimit = new Option<int>("--flood-limit")
        {
            Description = "Requests one source IP may send per 2 s before it is blocked for a minute; 0 (default) is off, as a load test from one address needs.",
            DefaultValueFactory = _ => 0,
        };
        var allow = new Option<string[]>("--allow")
        {
            Description = "Answer only INVITEs from this address or CIDR range (repeatable); others get a challenge they cannot meet. Default: anyone.",
            AllowMultipleArgumentsPerToken = false,
        };
        var keepScanners = new Option<bool>("--keep-scanners") { Description = "Answer known scanner User-Agents (sipvicious, friendly-scanner, ...) instead of dropping them." };
        var realTimeClock = new Option<bool>("--realtime-clock")
        {
            Description = "Run the media clock thread in Linux's SCHED_FIFO real-time class (needs root or CAP_SYS_NICE; falls back to nice -10).",
        };
        var echo = new Command("echo", "Answer every INVITE and play the caller's audio (and DTMF, as RFC 4733) back, logging each call.")
        {
            bind, port, rtp, statsFile, floodLimit, allow, keepScanners, realTimeClock,
        };
        echo.SetAction(async (result, ct) =>
        {
            SipEchoServerOptions options;
            try
            {
                options = Parse(result.GetValue(bind)!, result.GetValue(port), result.GetValue(rtp)!);
                options.FloodLimitPer2Seconds = result.GetValue(floodLimit);
                options.AllowFrom = result.GetValue(allow) ?? [];
                options.DropScanners = !result.GetValue(keepScanners);
                options.RealTimeClock = result.GetValue(realTimeClock);
                options.Validate();
            }
            catch (Exception ex) when (ex is CliException or ArgumentException)
            {
                Console.Error.WriteLine("error: " + ex.Message.Split(" (Parameter")[0]);
                return 2;
            }

            await using var server = new SipEchoServer(options, Console.Out);
            try
            {
                await server.StartAsync();
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                Console.Error.WriteLine($"error: cannot listen on {options.BindAddress}:{options.Port}: {ex.Message}");
                return 2;
            }
            var statsPath = result.GetValue(statsFile);
            if (string.IsNullOrWhiteSpace(statsPath))
            {
                await server.RunAsync(ct);
                return 0;
            }

            using var stopStats = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var stats = WriteStatisticsAsync(server, Path.GetFullPath(statsPath), stopStats.Token);
            await server.RunAsync(ct);
            await stopStats.CancelAsync();
            await stats;
            // The last line is written after every call has finished, so a load run can read its leak check from it.
            WriteStatistics(server, Path.GetFullPath(statsPath));
            return 0;
        });
        return new Command("sip", "SIP tools.") { echo };
    }

    private static async Task WriteStatisticsAsync(SipEchoServer server, string path, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), TimeProvider.System);
        try
        {
            do
            {
                WriteStatistics(server, path);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static void WriteStatistics(SipEchoServer server, string path)
    {
        // Written aside and renamed, so a reader polling the file never sees half a line.
        var temporary = path + ".tmp";
        try
        {
            // Process-wide GC figures ride along: a collection pauses the media clock thread like every other.
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{server.Statistics} gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} gc_pause_ms={GC.GetTotalPauseDuration().TotalMilliseconds:F0} alloc_bytes={GC.GetTotalAllocatedBytes()}");
            File.WriteAllText(temporary, line + Environment.NewLine);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"echo: cannot write --stats-file {path}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.Error.WriteLine($"echo: cannot write --stats-file {path}: {ex.Message}");
        }
    }

    private static SipEchoServerOptions Parse(string bind, int port, string rtpPorts)
    {
        if (!IPAddress.TryParse(bind, out var address)) throw new CliException($"--bind '{bind}' is not an IP address.");
        var parts = rtpPorts.Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            || from > to)
        {
            throw new CliException($"--rtp-ports '{rtpPorts}' is not a range like 10000-20000.");
        }
        return new SipEchoServerOptions { BindAddress = address, Port = port, RtpMinPort = from, RtpMaxPort = to };
    }
}
