using System.Net;
using System.Net.Sockets;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// The receive loop of one UDP socket: the caller's pinned buffer and one reused <see cref="SocketAddress"/>, so
/// receiving does not allocate per datagram. Ends on cancellation, on socket disposal, or when the handler says so;
/// once its task has completed no receive into the buffer is pending.
/// </summary>
internal static class UdpDatagramLoop
{
    /// <param name="socket">The bound socket.</param>
    /// <param name="buffer">Receive buffer, in pinned memory (the socket engine keeps a pending receive on it).</param>
    /// <param name="handler">Called with each datagram; false ends the loop.</param>
    /// <param name="token">Ends the loop.</param>
    public static async Task RunAsync(Socket socket, Memory<byte> buffer, DatagramHandler handler, CancellationToken token)
    {
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

            if (!handler(buffer.Span[..received], from))
            {
                return;
            }
        }
    }
}
