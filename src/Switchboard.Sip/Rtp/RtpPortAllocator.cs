using System.Net;
using System.Net.Sockets;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// Hands out RTP/RTCP port pairs (even RTP port, RTCP on the next odd port, RFC 3550 §11) from a configured range,
/// with both UDP sockets already bound. Pairs bound by other processes are skipped. Allocation rotates through the
/// range so a just-released pair is not reused at once (late packets of the old call land nowhere).
/// </summary>
/// <remarks>Thread-safe. Each <see cref="RtpPortLease"/> must be disposed; that is the only way a pair comes back.</remarks>
public sealed class RtpPortAllocator
{
    private readonly Lock _gate = new();
    private readonly HashSet<int> _inUse = [];
    private readonly IPAddress _bindAddress;
    private readonly int _firstPort;
    private readonly int _pairCount;
    private int _cursor;

    /// <summary>Creates an allocator.</summary>
    /// <exception cref="ArgumentException">The range holds no pair or is outside 1–65535.</exception>
    public RtpPortAllocator(RtpPortAllocatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _bindAddress = options.BindAddress;
        _firstPort = (options.MinPort + 1) & ~1;
        _pairCount = ((options.MaxPort - _firstPort) + 1) / 2;
        SessionMemory = new RtpSessionMemoryPool(_pairCount);
    }

    /// <summary>Number of pairs in the range.</summary>
    public int Capacity => _pairCount;

    /// <summary>Buffers for the sessions on this range's pairs, reused from call to call.</summary>
    internal RtpSessionMemoryPool SessionMemory { get; }

    /// <summary>Pairs currently leased.</summary>
    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _inUse.Count;
            }
        }
    }

    /// <summary>Leases a pair with both sockets bound to the configured address.</summary>
    /// <exception cref="RtpPortsExhaustedException">Every pair is leased or bound elsewhere.</exception>
    public RtpPortLease Allocate()
    {
        lock (_gate)
        {
            for (int attempt = 0; attempt < _pairCount; attempt++)
            {
                int port = _firstPort + (_cursor * 2);
                _cursor = (_cursor + 1) % _pairCount;
                if (_inUse.Contains(port))
                {
                    continue;
                }

                Socket? rtp = TryBind(port);
                if (rtp is null)
                {
                    continue;
                }

                Socket? rtcp = TryBind(port + 1);
                if (rtcp is null)
                {
                    rtp.Dispose();
                    continue;
                }

                _inUse.Add(port);
                return new RtpPortLease(this, rtp, rtcp, port);
            }
        }

        throw new RtpPortsExhaustedException(
            $"No RTP port pair is free in {_firstPort}-{_firstPort + (_pairCount * 2) - 1} on {_bindAddress} ({_pairCount} pairs, all leased or bound elsewhere).");
    }

    internal void Release(int rtpPort)
    {
        lock (_gate)
        {
            _inUse.Remove(rtpPort);
        }
    }

    private Socket? TryBind(int port)
    {
        var socket = new Socket(_bindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (_bindAddress.AddressFamily == AddressFamily.InterNetworkV6 && _bindAddress.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(_bindAddress, port));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
