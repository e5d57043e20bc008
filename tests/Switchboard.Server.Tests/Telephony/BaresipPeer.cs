using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Switchboard.Sip.Tests.Interop;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// One baresip (Debian package baresip) on 127.0.0.1 driven over ctrl_tcp, for tests that call the server: its own
/// config folder, a WAV file as microphone (baresip hangs up when the file ends, so the file bounds the call), G.711
/// only, and its RTP ports in a range the test chose. Disposal quits it and deletes the folder; baresip itself runs
/// under timeout(1) so no path out of a test leaves it running.
/// </summary>
internal sealed class BaresipPeer : IAsyncDisposable
{
    private readonly ExternalTool _process;
    private readonly string _directory;

    private BaresipPeer(ExternalTool process, BaresipControl control, string directory)
    {
        _process = process;
        Control = control;
        _directory = directory;
    }

    public BaresipControl Control { get; }

    /// <summary>What baresip printed so far (diagnostics).</summary>
    public string Output => _process.StandardOutput + _process.StandardError;

    /// <summary>
    /// True when baresip and its modules are installed. When not: fails the test under
    /// <c>SWITCHBOARD_TEST_REQUIRE_SERVICES=1</c>, otherwise says why the test does nothing and returns false.
    /// </summary>
    public static bool Available(ITestOutputHelper output)
    {
        if (!ExternalTool.Available("baresip", "baresip", output)) return false;
        Assert.True(File.Exists("/usr/lib/baresip/modules/ctrl_tcp.so"), "baresip is installed without its modules (/usr/lib/baresip/modules)");
        return true;
    }

    /// <summary>Starts baresip with <paramref name="microphone"/> (8 kHz mono) as its audio source and connects to its control port.</summary>
    public static async Task<BaresipPeer> StartAsync(short[] microphone, int rtpMin, int rtpMax, TimeSpan limit, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("baresip-peer").FullName;
        var wav = Path.Combine(directory, "caller.wav");
        WavFile.Write(wav, microphone, 8000);
        var control = FreeTcpPort();
        await BaresipControl.WriteConfigAsync(directory, "sip:caller@127.0.0.1", wav, rtpMin, rtpMax, control, record: false, cancellationToken);

        var process = ExternalTool.Start("baresip", ["-f", directory], limit, directory);
        try
        {
            var ctrl = await BaresipControl.ConnectAsync(control, process, cancellationToken);
            return new BaresipPeer(process, ctrl, directory);
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Dials <paramref name="uri"/> and waits until the call is answered.</summary>
    public async Task DialAsync(string uri, CancellationToken cancellationToken)
    {
        await Control.SendAsync("dial", uri, cancellationToken);
        await Control.WaitForEventAsync("CALL_ESTABLISHED", cancellationToken);
    }

    /// <summary>Presses <paramref name="digits"/> in the current call (menu command <c>sndcode</c>: RFC 4733 telephone-events).</summary>
    public Task PressAsync(string digits, CancellationToken cancellationToken) => Control.SendAsync("sndcode", digits, cancellationToken);

    /// <summary>
    /// Reads events until the call closes; returns the digits baresip received meanwhile (CALL_DTMF_START events, which
    /// it raises for RFC 4733 events and SIP INFO alike).
    /// </summary>
    public async Task<string> WaitForCloseAsync(CancellationToken cancellationToken)
    {
        var digits = new System.Text.StringBuilder();
        while (true)
        {
            var e = await Control.NextMessageAsync(cancellationToken);
            var type = e.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "CALL_DTMF_START" && e.TryGetProperty("param", out var p) && p.ValueKind == JsonValueKind.String) digits.Append(p.GetString());
            if (type == "CALL_CLOSED") return digits.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Control.SendAsync("quit", null, quit.Token);
                await _process.Exited.WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // The process is killed below whatever happened to the polite way out.
        }
        finally
        {
            Control.Dispose();
            await _process.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
