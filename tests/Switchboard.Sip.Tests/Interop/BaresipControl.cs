using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Switchboard.Sip.Tests.Interop;

/// <summary>
/// Drives baresip through its ctrl_tcp module: JSON commands and events framed as netstrings ("len:json,") on TCP.
/// Not thread-safe; one test uses it from one flow.
/// </summary>
internal sealed class BaresipControl : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];
    private readonly List<string> _seen = [];

    private BaresipControl(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Every event and response received so far, as JSON text (for diagnostics).</summary>
    public IReadOnlyList<string> Seen => _seen;

    /// <summary>
    /// Writes baresip's <c>accounts</c> and <c>config</c> into <paramref name="directory"/>: one account, <paramref name="wav"/>
    /// (8 kHz mono) as the microphone, RTP ports <paramref name="rtpMin"/>-<paramref name="rtpMax"/>, the control socket on
    /// <paramref name="controlPort"/>, and with <paramref name="record"/> each call's received audio recorded into the directory.
    /// </summary>
    public static async Task WriteConfigAsync(string directory, string account, string wav, int rtpMin, int rtpMax, int controlPort, bool record,
        CancellationToken cancellationToken = default)
    {
        await File.WriteAllTextAsync(Path.Combine(directory, "accounts"), $"<{account}>;regint=0\n", cancellationToken);
        string[] recording = record ? ["module sndfile.so", $"snd_path {directory}"] : [];
        await File.WriteAllTextAsync(Path.Combine(directory, "config"), string.Join('\n',
        [
            "poll_method epoll",
            $"sip_listen 127.0.0.1:{UdpPorts.Free().ToString(CultureInfo.InvariantCulture)}",
            "audio_player alsa,null",
            "audio_alert alsa,null",
            $"audio_source aufile,{wav}",
            "ausrc_srate 8000",
            "auplay_srate 8000",
            "ausrc_channels 1",
            "auplay_channels 1",
            $"rtp_ports {rtpMin.ToString(CultureInfo.InvariantCulture)}-{rtpMax.ToString(CultureInfo.InvariantCulture)}",
            "module_path /usr/lib/baresip/modules",
            "module g711.so",
            "module aufile.so",
            "module alsa.so",
            .. recording,
            "module_app account.so",
            "module_app menu.so",
            "module_app ctrl_tcp.so",
            $"ctrl_tcp_listen 127.0.0.1:{controlPort.ToString(CultureInfo.InvariantCulture)}",
            string.Empty,
        ]), cancellationToken);
    }

    /// <summary>Connects, retrying while baresip starts (bounded by <paramref name="cancellationToken"/>).</summary>
    public static async Task<BaresipControl> ConnectAsync(int port, ExternalTool baresip, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (baresip.HasExited)
            {
                Assert.Fail("baresip exited before its control port opened:\n" + baresip.StandardOutput + baresip.StandardError);
            }

            var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new BaresipControl(client);
            }
            catch (SocketException)
            {
                client.Dispose();
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public async Task SendAsync(string command, string? parameters, CancellationToken cancellationToken)
    {
        string json = JsonSerializer.Serialize(new Dictionary<string, string?> { ["command"] = command, ["params"] = parameters, ["token"] = command });
        byte[] body = Encoding.UTF8.GetBytes(json);
        byte[] frame = [.. Encoding.ASCII.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture) + ":"), .. body, (byte)','];
        await _stream.WriteAsync(frame, cancellationToken);
    }

    /// <summary>Reads messages until an event of <paramref name="type"/> arrives; returns it.</summary>
    public async Task<JsonElement> WaitForEventAsync(string type, CancellationToken cancellationToken)
    {
        while (true)
        {
            JsonElement message = await ReadAsync(cancellationToken);
            if (message.TryGetProperty("type", out JsonElement t) && t.GetString() == type)
            {
                return message;
            }
        }
    }

    /// <summary>Reads the next message, event or response, whatever its type.</summary>
    public Task<JsonElement> NextMessageAsync(CancellationToken cancellationToken) => ReadAsync(cancellationToken);

    public void Dispose() => _client.Dispose();

    private async Task<JsonElement> ReadAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[4096];
        while (true)
        {
            int colon = _pending.IndexOf((byte)':');
            if (colon > 0)
            {
                int length = int.Parse(Encoding.ASCII.GetString([.. _pending.Take(colon)]), CultureInfo.InvariantCulture);
                if (_pending.Count >= colon + 1 + length + 1)
                {
                    string json = Encoding.UTF8.GetString([.. _pending.Skip(colon + 1).Take(length)]);
                    _pending.RemoveRange(0, colon + 1 + length + 1);
                    _seen.Add(json);
                    return JsonDocument.Parse(json).RootElement.Clone();
                }
            }

            int n = await _stream.ReadAsync(buffer, cancellationToken);
            if (n == 0)
            {
                Assert.Fail("baresip closed its control connection; seen:\n" + string.Join("\n", _seen));
            }

            _pending.AddRange(buffer.AsSpan(0, n).ToArray());
        }
    }
}
