namespace Switchboard.Audio.Jitter;

/// <summary>Settings of a <see cref="JitterBuffer"/>; validated when the buffer is constructed.</summary>
public sealed class JitterBufferOptions
{
    /// <summary>Audio per packet and the caller's <see cref="JitterBuffer.Pop"/> period. Default 20 ms.</summary>
    public TimeSpan FrameDuration { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>RTP clock rate of the payload (timestamp units per second). Default 8000.</summary>
    public int ClockRate { get; set; } = 8000;

    /// <summary>Smallest delay the buffer adapts down to. Default 20 ms.</summary>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Largest delay the buffer adapts up to. Default 300 ms.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Delay used until enough packets have arrived to measure jitter. Default 60 ms.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(60);

    /// <summary>Packet slots (a power of two, larger than <see cref="MaxDelay"/> in frames). Default 64.</summary>
    public int Capacity { get; set; } = 64;

    /// <summary>Largest payload accepted, in bytes. Default 1500.</summary>
    public int MaxPayloadSize { get; set; } = 1500;

    /// <summary>Consecutive lost frames reported as <see cref="JitterBufferOutcome.Conceal"/> before the rest read as empty. Default 1.</summary>
    public int MaxConsecutiveConcealment { get; set; } = 1;

    internal void Validate()
    {
        if (FrameDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameDuration), FrameDuration, "FrameDuration must be positive.");
        }

        if (ClockRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ClockRate), ClockRate, "ClockRate must be positive.");
        }

        if (MinDelay < TimeSpan.Zero || MaxDelay < MinDelay || InitialDelay < MinDelay || InitialDelay > MaxDelay)
        {
            throw new ArgumentException($"Delays must satisfy 0 ≤ MinDelay ({MinDelay}) ≤ InitialDelay ({InitialDelay}) ≤ MaxDelay ({MaxDelay}).");
        }

        if (Capacity < 4 || (Capacity & (Capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Capacity), Capacity, "Capacity must be a power of two, at least 4.");
        }

        if (MaxDelay.Ticks / FrameDuration.Ticks + 4 > Capacity)
        {
            throw new ArgumentException($"Capacity ({Capacity}) must exceed MaxDelay in frames ({MaxDelay.Ticks / FrameDuration.Ticks}) by at least 4.");
        }

        if (MaxPayloadSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPayloadSize), MaxPayloadSize, "MaxPayloadSize must be positive.");
        }

        if (MaxConsecutiveConcealment < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConsecutiveConcealment), MaxConsecutiveConcealment, "MaxConsecutiveConcealment cannot be negative.");
        }
    }
}
