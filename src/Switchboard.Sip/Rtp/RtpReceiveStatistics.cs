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

    /// <summary>Builds a block and starts a new reporting interval.</summary>
    public RtcpReportBlock CreateBlock(uint ssrc, uint jitter, uint lastSr, uint delaySinceLastSr)
    {
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
