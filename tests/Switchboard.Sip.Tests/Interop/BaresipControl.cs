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
