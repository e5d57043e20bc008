using System.Collections.Concurrent;
using Switchboard.Audio.Rfc4733;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// Schedules queued DTMF digits onto media clock ticks as RFC 4733 packets (from <see cref="TelephoneEventSender"/>),
/// one digit at a time and at most one packet per tick, so end repeats go out on consecutive ticks.
/// <see cref="Enqueue"/> is thread-safe; the tick-side members are called under the session's lock.
/// </summary>
internal sealed class DtmfTransmitter
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    private readonly TelephoneEventSender _sender = new();
    // Created by the first digit: most calls never send one, and an empty ConcurrentQueue is already ~1 kB that would
    // live as long as the call (and be copied by every collection meanwhile).
    private ConcurrentQueue<(char Digit, TimeSpan Duration)>? _pending;
    private TelephoneEventPacket[]? _packets;
    private int _next;
    private long _startTick;

    public bool IsActive => _packets is not null;

    /// <summary>Checks a digit and its duration.</summary>
    /// <exception cref="ArgumentException">Not a DTMF character.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Duration not positive or too long for one event.</exception>
    public void Validate(char digit, TimeSpan duration)
    {
        _ = TelephoneEvent.GetEventCode(digit);
        _ = _sender.GetPacketCount(duration);
    }

    /// <summary>Validates and queues a digit.</summary>
    /// <exception cref="ArgumentException">Not a DTMF character.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Duration not positive or too long for one event.</exception>
    public void Enqueue(char digit, TimeSpan duration)
    {
        Validate(digit, duration);
        LazyInitializer.EnsureInitialized(ref _pending).Enqueue((digit, duration));
    }

    /// <summary>Starts the next queued digit at <paramref name="timestamp"/> if none is in progress.</summary>
    public void TryStart(long tick, uint timestamp)
    {
        if (_packets is null && Volatile.Read(ref _pending) is { } pending && pending.TryDequeue(out (char Digit, TimeSpan Duration) next))
        {
            // One array per digit, not per frame.
            _packets = _sender.CreatePackets(next.Digit, next.Duration, timestamp);
            _next = 0;
            _startTick = tick;
        }
    }

    /// <summary>Abandons the digit in progress (nowhere to send it).</summary>
    public void Cancel() => _packets = null;

    /// <summary>The packet due on this tick, if any; the digit ends after its last packet.</summary>
    public bool TryNext(long tick, out TelephoneEventPacket packet)
    {
        packet = default;
        if (_packets is null)
        {
            return false;
        }

        bool due = _next < _packets.Length && _packets[_next].SendOffset <= Tick * (tick - _startTick + 1);
        if (due)
        {
            packet = _packets[_next++];
        }

        if (_next >= _packets.Length)
        {
            _packets = null;
        }

        return due;
    }
}
