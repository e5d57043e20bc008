using System.Net;
using System.Net.Sockets;

namespace Switchboard.Sip.Tests.Rtp;

/// <summary>
/// A UDP relay on loopback between A and B: datagrams from B go to A untouched; datagrams from anyone else go to B,
/// with every 10th dropped and every 7th swapped with the one after it, so B sees real loss and reordering.
/// </summary>
internal sealed class LossyRelay : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();

    public LossyRelay() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public long Dropped { get; private set; }

    private Task _loop = Task.CompletedTask;

    public void Start(IPEndPoint a, IPEndPoint b) => _loop = Task.Run(() => RunAsync(a, b));

    /// <summary>Stops the relay loop and waits for it, so no datagram is handled after the test ends.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(IPEndPoint a, IPEndPoint target)
    {
        byte[] buffer = new byte[2048];
        byte[]? held = null;
        long count = 0;
        try
        {
            while (true)
            {
                SocketReceiveFromResult r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                byte[] datagram = buffer.AsSpan(0, r.ReceivedBytes).ToArray();
                if (r.RemoteEndPoint.Equals(target))
                {
                    await _socket.SendToAsync(datagram, SocketFlags.None, a);
                    continue;
                }

                count++;
                if (count % 10 == 0)
                {
                    Dropped++;
                    continue;
                }

                if (held is null && count % 7 == 0)
                {
                    held = datagram;
                    continue;
                }

                await _socket.SendToAsync(datagram, SocketFlags.None, target);
                if (held is not null)
                {
                    await _socket.SendToAsync(held, SocketFlags.None, target);
                    held = null;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The test is over.
        }
    }
}
