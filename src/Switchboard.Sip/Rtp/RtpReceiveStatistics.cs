namespace Switchboard.Sip.Rtp;

/// <summary>
/// Sequence bookkeeping of one received source for RTCP report blocks (RFC 3550 appendix A.1 and A.3, without the
/// probation step: the session already filters by payload type and SSRC). Not thread-safe; the session serialises calls.
/// </summary>
internal sealed class RtpReceiveStatistics
{
    private bool _started;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private uint _lastSrMiddle;
    private TimeSpan _lastSrArrival;
    private bool _hasLastSr;

    public bool HasReceived => _started;

    public long Received => _received;

    public uint ExtendedHighestSequence => _cycles + _maxSeq;

    public void Update(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _baseSeq = sequenceNumber;
            _maxSeq = sequenceNumber;
            _received = 1;
            return;
        }

        ushort delta = (ushort)(sequenceNumber - _maxSeq);
        if (delta is > 0 and < 0x8000)
        {
            if (sequenceNumber < _maxSeq)
            {
                _cycles += 0x10000;
            }

            _maxSeq = sequenceNumber;
        }

        _received++;
    }

    /// <summary>Remembers the peer's latest SR for the LSR/DLSR fields (round-trip time on the peer's side).</summary>
    public void OnSenderReport(ulong ntpTimestamp, TimeSpan arrival)
    {
        _lastSrMiddle = NtpTime.Middle(ntpTimestamp);
        _lastSrArrival = arrival;
        _hasLastSr = true;
    }

    /// <summary>Builds a block and starts a new reporting interval.</summary>
    public RtcpReportBlock CreateBlock(uint ssrc, uint jitter, TimeSpan now)
    {
        uint lastSr = _hasLastSr ? _lastSrMiddle : 0;
        uint delaySinceLastSr = _hasLastSr ? (uint)Math.Clamp((now - _lastSrArrival).TotalSeconds * 65536, 0, uint.MaxValue) : 0;
        long expected = (long)ExtendedHighestSequence - _baseSeq + 1;
        long lost = Math.Clamp(expected - _received, RtcpReportBlock.MinCumulativeLost, RtcpReportBlock.MaxCumulativeLost);
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval <= 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        return new RtcpReportBlock(ssrc, fraction, (int)lost, ExtendedHighestSequence, jitter, lastSr, delaySinceLastSr);
    }
}
