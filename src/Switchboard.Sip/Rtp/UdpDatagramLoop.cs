using System.Net;
using System.Net.Sockets;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// The receive loop of one UDP socket: one pinned buffer and one reused <see cref="SocketAddress"/>, so receiving does
/// not allocate per datagram. Ends on cancellation, on socket disposal, or when the handler says so.
/// </summary>
internal static class UdpDatagramLoop
{
    private const int BufferSize = 2048;

    public static async Task RunAsync(Socket socket, DatagramHandler handler, CancellationToken token)
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!token.IsCancellationRequested)
            {
                // ICMP port-unreachable surfaces as a reset on some platforms; the stream goes on.
                continue;
            }
            catch (SocketException)
            {
                return;
            }

            if (!handler(buffer.AsSpan(0, received), from))
            {
                return;
            }
        }
    }
}
