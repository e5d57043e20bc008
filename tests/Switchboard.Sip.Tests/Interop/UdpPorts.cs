using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Switchboard.Sip.Tests.Interop;

/// <summary>UDP port helpers for interop tests.</summary>
internal static class UdpPorts
{
    /// <summary>A port the OS just had free on loopback (another process may still take it; tests use it at once).</summary>
    public static int Free()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    /// <summary>
    /// Waits (bounded) until some process has bound UDP <paramref name="port"/>, read from /proc/net/udp{,6}. It must not
    /// probe by binding the port itself: a probe holding the port at the moment the peer binds it makes the peer fail.
    /// </summary>
    public static async Task WaitUntilBoundAsync(int port, ExternalTool peer, TimeSpan limit, bool tcp = false)
    {
        using var bound = new CancellationTokenSource(limit);
        while (!bound.IsCancellationRequested)
        {
            if (peer.HasExited)
            {
                Assert.Fail($"The peer exited before binding UDP port {port}.\nstdout:\n{peer.StandardOutput}\nstderr:\n{peer.StandardError}");
            }

            if (IsBound(port, tcp))
            {
                return;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        Assert.Fail($"Nothing bound {(tcp ? "TCP" : "UDP")} port {port}.\nstdout:\n{peer.StandardOutput}\nstderr:\n{peer.StandardError}");
    }

    /// <param name="tcp">Look for a TCP listener (state LISTEN) instead of a UDP socket.</param>
    public static bool IsBound(int port, bool tcp = false)
    {
        string hex = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (string table in tcp ? (string[])["/proc/net/tcp", "/proc/net/tcp6"] : ["/proc/net/udp", "/proc/net/udp6"])
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (string line in File.ReadLines(table).Skip(1))
            {
                string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 3 && columns[1].EndsWith(hex, StringComparison.Ordinal) && (!tcp || columns[3] == "0A"))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
