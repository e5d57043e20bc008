using System.Net;
using System.Net.Sockets;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// A bound RTP/RTCP UDP socket pair from an <see cref="RtpPortAllocator"/>. The lease owns both sockets; disposing it
/// closes them and returns the pair to the allocator. Dispose is idempotent and thread-safe.
/// </summary>
public sealed class RtpPortLease : IDisposable
{
    private readonly RtpPortAllocator _owner;
    private int _disposed;

    internal RtpPortLease(RtpPortAllocator owner, Socket rtp, Socket rtcp, int rtpPort)
    {
        _owner = owner;
        RtpSocket = rtp;
        RtcpSocket = rtcp;
        RtpPort = rtpPort;
    }

    /// <summary>The even RTP port.</summary>
    public int RtpPort { get; }

    /// <summary>The odd RTCP port (<see cref="RtpPort"/> + 1).</summary>
    public int RtcpPort => RtpPort + 1;

    /// <summary>The bound address.</summary>
    public IPAddress LocalAddress => ((IPEndPoint)RtpSocket.LocalEndPoint!).Address;

    /// <summary>True once disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal Socket RtpSocket { get; }

    /// <summary>The allocator's pool of per-session buffers.</summary>
    internal RtpSessionMemoryPool SessionMemory => _owner.SessionMemory;

    internal Socket RtcpSocket { get; }

    /// <summary>Closes both sockets and returns the pair.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RtpSocket.Dispose();
        RtcpSocket.Dispose();
        _owner.Release(RtpPort);
    }
}
