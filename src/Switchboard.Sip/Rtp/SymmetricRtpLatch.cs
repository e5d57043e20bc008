using System.Net;
using System.Net.Sockets;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// Symmetric RTP's "send where packets come from" (RFC 4961 applied to NAT): the target moves to a new source
/// address after a number of consecutive valid packets from it, so one stray packet cannot steal the stream.
/// Not thread-safe; the session serialises calls under its receive lock, except that the send path reads
/// <see cref="Target"/> without it: a published target is a fresh copy that is never changed afterwards.
/// Allocates only when a packet comes from an unknown address.
/// </summary>
internal sealed class SymmetricRtpLatch
{
    private readonly int _packetsToSwitch;
    private SocketAddress? _candidate;
    private int _candidateCount;

    public SymmetricRtpLatch(int packetsToSwitch, IPEndPoint? initial)
    {
        _packetsToSwitch = packetsToSwitch;
        TargetEndPoint = initial;
        Target = initial?.Serialize();
    }

    public SocketAddress? Target { get; private set; }

    public IPEndPoint? TargetEndPoint { get; private set; }

    /// <summary>Sends to <paramref name="target"/> from now on (a renegotiation moved the stream; null: nowhere).</summary>
    public void Retarget(IPEndPoint? target)
    {
        _candidate = null;
        _candidateCount = 0;
        TargetEndPoint = target;
        Target = target?.Serialize();
    }

    public static SocketAddress Copy(SocketAddress from)
    {
        var copy = new SocketAddress(from.Family, from.Size);
        from.Buffer.CopyTo(copy.Buffer);
        return copy;
    }

    /// <summary>Counts a valid packet from <paramref name="from"/>; true when the target moved.</summary>
    public bool Observe(SocketAddress from)
    {
        if (Target is not null && Target.Equals(from))
        {
            _candidate = null;
            _candidateCount = 0;
            return false;
        }

        if (_candidate is not null && _candidate.Equals(from))
        {
            _candidateCount++;
        }
        else
        {
            _candidate = Copy(from);
            _candidateCount = 1;
        }

        if (_candidateCount < _packetsToSwitch)
        {
            return false;
        }

        Target = _candidate;
        TargetEndPoint = (IPEndPoint)new IPEndPoint(from.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(_candidate);
        _candidate = null;
        _candidateCount = 0;
        return true;
    }
}
