namespace Switchboard.Audio.Rfc4733;

/// <summary>
/// Turns a stream of RFC 4733 telephone-event packets into DTMF digits, each reported exactly once, despite repeated,
/// reordered or lost packets. An event ends at its first E-bit packet; if every end packet is lost, it ends when a
/// packet with a newer timestamp arrives or when nothing has arrived for <see cref="EndTimeout"/>.
/// </summary>
/// <remarks>
/// <para>Time comes either from the caller (the overloads taking <c>now</c>, any monotonic clock) or from the
/// <see cref="TimeProvider"/> given at construction; use one or the other for a given instance.</para>
/// <para>Not thread-safe: one instance per RTP stream, used from one thread at a time. Does not allocate per
/// packet (the digit queue grows only if more than 8 digits wait unread).</para>
/// <para>Events other than DTMF (codes above 15) are counted and ignored. A packet whose timestamp is older than
/// the current event's, or equal to that of an event already finished, is stale and ignored. Sequence numbers are
/// not needed to order events (the timestamp identifies the event); they feed <see cref="ReorderedPackets"/>.</para>
/// </remarks>
public sealed class TelephoneEventReceiver
{
    private const int RecentCapacity = 8;

    private readonly TimeProvider? _timeProvider;
    private readonly long _origin;
    private readonly Queue<ReceivedTelephoneEvent> _digits = new(8);
    private readonly uint[] _recent = new uint[RecentCapacity];
    private int _recentCount;
    private int _recentNext;

    private bool _hasCurrent;
    private bool _currentReported;
    private uint _currentTimestamp;
    private byte _currentEvent;
    private ushort _currentDuration;
    private TimeSpan _currentLastArrival;

    private bool _hasSequence;
    private ushort _highestSequence;

    /// <summary>Creates a receiver.</summary>
    /// <param name="clockRate">RTP clock rate of the telephone-event payload type.</param>
    /// <param name="endTimeout">Silence after which an event whose end packets were all lost is ended; 250 ms if null.</param>
    /// <param name="timeProvider">Clock for the overloads without <c>now</c>; null if the caller always passes its own time.</param>
    /// <exception cref="ArgumentOutOfRangeException">Non-positive clock rate or timeout.</exception>
    public TelephoneEventReceiver(int clockRate = 8000, TimeSpan? endTimeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        TimeSpan timeout = endTimeout ?? TimeSpan.FromMilliseconds(250);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(endTimeout));
        ClockRate = clockRate;
        EndTimeout = timeout;
        _timeProvider = timeProvider;
        _origin = timeProvider?.GetTimestamp() ?? 0;
    }

    /// <summary>RTP clock rate used to turn durations into time.</summary>
    public int ClockRate { get; }

    /// <summary>Silence that ends an event whose end packets never came.</summary>
    public TimeSpan EndTimeout { get; }

    /// <summary>The digit of the event in progress (seen, not yet reported), or null; lets callers react at key-down.</summary>
    public char? ActiveDigit => _hasCurrent && !_currentReported && TelephoneEvent.TryGetDigit(_currentEvent, out char d) ? d : null;

    /// <summary>Packets ignored because they belonged to an event already reported or older than the current one.</summary>
    public long StalePackets { get; private set; }

    /// <summary>Packets with a non-DTMF event code.</summary>
    public long UnknownEventPackets { get; private set; }

    /// <summary>Packets whose sequence number was behind the highest seen.</summary>
    public long ReorderedPackets { get; private set; }

    /// <summary>Handles one packet, timed by the caller's clock.</summary>
    /// <param name="sequenceNumber">RTP sequence number.</param>
    /// <param name="timestamp">RTP timestamp (the event's start).</param>
    /// <param name="payload">RTP payload: one or more 4-byte event blocks; the first is used.</param>
    /// <param name="now">Arrival time on the caller's monotonic clock.</param>
    /// <exception cref="TelephoneEventFormatException">The payload is not a telephone-event payload; state is unchanged.</exception>
    public void Receive(ushort sequenceNumber, uint timestamp, ReadOnlySpan<byte> payload, TimeSpan now)
    {
        TelephoneEvent ev = TelephoneEvent.Parse(payload);
        Poll(now);
        TrackSequence(sequenceNumber);

        if (!TelephoneEvent.TryGetDigit(ev.EventCode, out _))
        {
            UnknownEventPackets++;
            return;
        }

        if (_hasCurrent && timestamp == _currentTimestamp)
        {
            if (_currentReported || ev.EventCode != _currentEvent)
            {
                StalePackets++;
                return;
            }

            _currentLastArrival = now;
            if (ev.Duration > _currentDuration)
            {
                _currentDuration = ev.Duration;
            }

            if (ev.End)
            {
                // The E packet's duration is final, even if a reordered update claimed more.
                _currentDuration = ev.Duration;
                Report(TelephoneEventEndReason.EndPacket);
            }

            return;
        }

        if (IsRecent(timestamp) || (_hasCurrent && (int)(timestamp - _currentTimestamp) < 0))
        {
            StalePackets++;
            return;
        }

        if (_hasCurrent)
        {
            if (!_currentReported)
            {
                Report(TelephoneEventEndReason.NewEvent);
            }

            Remember(_currentTimestamp);
        }

        _hasCurrent = true;
        _currentReported = false;
        _currentTimestamp = timestamp;
        _currentEvent = ev.EventCode;
        _currentDuration = ev.Duration;
        _currentLastArrival = now;
        if (ev.End)
        {
            Report(TelephoneEventEndReason.EndPacket);
        }
    }

    /// <summary>Handles one packet, timed by the <see cref="TimeProvider"/> given at construction.</summary>
    /// <exception cref="InvalidOperationException">No <see cref="TimeProvider"/> was given.</exception>
    /// <exception cref="TelephoneEventFormatException">The payload is not a telephone-event payload.</exception>
    public void Receive(ushort sequenceNumber, uint timestamp, ReadOnlySpan<byte> payload) =>
        Receive(sequenceNumber, timestamp, payload, Now());

    /// <summary>Ends an event whose end packets were lost once <see cref="EndTimeout"/> has passed; call it on the media clock.</summary>
    public void Poll(TimeSpan now)
    {
        if (_hasCurrent && !_currentReported && now - _currentLastArrival >= EndTimeout)
        {
            Report(TelephoneEventEndReason.Timeout);
        }
    }

    /// <summary><see cref="Poll(TimeSpan)"/> on the <see cref="TimeProvider"/> given at construction.</summary>
    /// <exception cref="InvalidOperationException">No <see cref="TimeProvider"/> was given.</exception>
    public void Poll() => Poll(Now());

    /// <summary>Takes the oldest finished digit, if any.</summary>
    public bool TryReadDigit(out ReceivedTelephoneEvent digit) => _digits.TryDequeue(out digit);

    private TimeSpan Now() => _timeProvider is null
        ? throw new InvalidOperationException("This receiver has no TimeProvider; pass the current time explicitly.")
        : _timeProvider.GetElapsedTime(_origin);

    private void Report(TelephoneEventEndReason reason)
    {
        TelephoneEvent.TryGetDigit(_currentEvent, out char digit);
        var duration = TimeSpan.FromTicks(_currentDuration * TimeSpan.TicksPerSecond / ClockRate);
        _digits.Enqueue(new ReceivedTelephoneEvent(digit, _currentEvent, _currentTimestamp, duration, reason));
        _currentReported = true;
    }

    private void TrackSequence(ushort sequenceNumber)
    {
        if (_hasSequence && (short)(sequenceNumber - _highestSequence) < 0)
        {
            ReorderedPackets++;
            return;
        }

        _hasSequence = true;
        _highestSequence = sequenceNumber;
    }

    private bool IsRecent(uint timestamp)
    {
        for (int i = 0; i < _recentCount; i++)
        {
            if (_recent[i] == timestamp)
            {
                return true;
            }
        }

        return false;
    }

    private void Remember(uint timestamp)
    {
        _recent[_recentNext] = timestamp;
        _recentNext = (_recentNext + 1) % RecentCapacity;
        _recentCount = Math.Min(_recentCount + 1, RecentCapacity);
    }
}
