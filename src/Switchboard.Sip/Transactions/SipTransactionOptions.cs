using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Transactions;

/// <summary>
/// Timer values of RFC 3261 §17 (Table 4) and queue limits. Immutable after construction; shareable between threads.
/// </summary>
public sealed class SipTransactionOptions
{
    /// <summary>RTT estimate; base of timers A, B, E, F, G, H, J. Default 500 ms.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum retransmit interval for non-INVITE requests and INVITE responses. Default 4 s.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum time a message stays in the network; timers I and K on UDP. Default 5 s.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer D: how long an INVITE client transaction absorbs final-response retransmissions on UDP. Default 32 s.</summary>
    public TimeSpan TimerD { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>An INVITE server transaction sends 100 Trying when the TU has not answered within this time (§17.2.1). Default 200 ms.</summary>
    public TimeSpan TryingDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>New server transactions waiting for the TU; when full, new requests get 503. Default 1,024.</summary>
    public int MaxPendingRequests { get; init; } = 1024;

    /// <summary>Capacity of the channel the transports write into (they wait when it is full). Default 4,096.</summary>
    public int InboundQueueCapacity { get; init; } = 4096;

    /// <summary>Responses buffered per client transaction before provisional ones are dropped. Default 64.</summary>
    public int ResponseQueueCapacity { get; init; } = 64;

    /// <summary>
    /// UAS policy applied to new requests (not ACK or CANCEL) before the TU sees them; a request it rejects is answered
    /// by its own server transaction (501, 420, 415...). Null (the default) leaves every check to the TU.
    /// </summary>
    public SipRequestValidator? RequestValidator { get; init; }

    /// <summary>64·T1: timers B, F, H, J, L and M.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (T1 <= TimeSpan.Zero || T2 < T1 || T4 <= TimeSpan.Zero || TimerD < TimeSpan.Zero || TryingDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Timers must be positive and T2 must be at least T1.", nameof(T1));
        }

        if (MaxPendingRequests < 1 || InboundQueueCapacity < 1 || ResponseQueueCapacity < 1)
        {
            throw new ArgumentException("Queue capacities must be at least 1.", nameof(MaxPendingRequests));
        }
    }
}
