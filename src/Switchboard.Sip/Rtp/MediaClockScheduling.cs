namespace Switchboard.Sip.Rtp;

/// <summary>How the operating system schedules the media clock's thread.</summary>
public enum MediaClockScheduling
{
    /// <summary>Like every other thread (virtual time, other systems, or no permission to raise it).</summary>
    Normal,

    /// <summary>Linux nice −10: more CPU share under contention, but still behind whatever runs when it wakes.</summary>
    Nice,

    /// <summary>Linux SCHED_FIFO: runs as soon as it wakes, ahead of every normal thread (opt-in, needs CAP_SYS_NICE).</summary>
    RealTime,
}
