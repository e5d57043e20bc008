using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

/// <summary><c>switchboard sip echo</c> through the real executable, probed by sipsak (a SIP peer we did not write).</summary>
public sealed class SipEchoCliTests
{
    [Fact]
    public async Task Sip_echo_answers_options_from_sipsak()
    {
        var sipsak = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "sipsak")).FirstOrDefault(File.Exists);
        if (sipsak is null)
        {
            Assert.False(TestEnvironment.RequireServices, "sipsak is required but not installed");
            return;
        }
        var port = FreeUdpPort();
        var dir = Directory.CreateTempSubdirectory("sb-echo-").FullName;
        using var server = Process.Start(CliRunner.StartInfo(dir, "sip", "echo", "--port", port.ToString(), "--rtp-ports", "44000-44099"))!;
        var stdout = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (stdout) stdout.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        try
        {
            var answered = false;
            for (var attempt = 0; attempt < 60 && !answered; attempt++)
            {
                if (server.HasExited) Assert.Fail("sip echo exited: " + await server.StandardError.ReadToEndAsync());
                using var probe = Process.Start(new ProcessStartInfo(sipsak, ["-s", $"sip:echo@127.0.0.1:{port}", "-v"])
                {
                    RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                })!;
                var reply = await probe.StandardOutput.ReadToEndAsync();
                await probe.WaitForExitAsync();
                answered = reply.Contains("SIP/2.0 200 OK", StringComparison.Ordinal);
                if (!answered) await Task.Delay(250);
            }
            Assert.True(answered, "sipsak never got 200 OK. Server said: " + stdout);
            lock (stdout) Assert.Contains($"listening on 127.0.0.1:{port}", stdout.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }

        var bad = await CliRunner.RunAsync(Path.GetTempPath(), "sip", "echo", "--rtp-ports", "20-10");
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("error: --rtp-ports", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sip_echo_writes_its_counters_to_the_stats_file()
    {
        var port = FreeUdpPort();
        var dir = Directory.CreateTempSubdirectory("sb-echo-stats-").FullName;
        var stats = Path.Combine(dir, "echo-stats.txt");
        using var server = Process.Start(CliRunner.StartInfo(dir, "sip", "echo", "--port", port.ToString(), "--rtp-ports", "44100-44199", "--stats-file", stats))!;
        try
        {
            for (var attempt = 0; attempt < 200 && !File.Exists(stats); attempt++)
            {
                if (server.HasExited) Assert.Fail("sip echo exited: " + await server.StandardError.ReadToEndAsync());
                await Task.Delay(100);
            }
            Assert.True(File.Exists(stats), "no stats file was written");
            var line = (await File.ReadAllTextAsync(stats)).Trim();
            Assert.StartsWith("answered=0 rejected=0 active=0 dialogs=0 rtp_ports_in_use=0 rtp_port_capacity=50 clock_participants=0 ", line, StringComparison.Ordinal);
            Assert.Contains(" gc_pause_ms=", line, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
