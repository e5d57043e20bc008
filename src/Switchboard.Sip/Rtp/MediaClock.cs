namespace Switchboard.Sip.Rtp;

/// <summary>
/// The one media clock of the process: a single loop (20 ms by default) that runs every registered participant's send
/// step per tick, instead of one timer per call, then every participant's <see cref="IMediaClockParticipant.AfterTick"/>
/// (receive work), so no call's packet waits behind another call's decoding. On the system clock the loop is a dedicated
/// above-normal-priority thread (on Linux: nice −10 where the process is allowed to, see <see cref="ElevatedPriority"/>,
/// sleeping to each boundary with nanosecond resolution), because a thread-pool timer's continuation waits behind
/// whatever else holds the pool (speech recognition, synthesis, VAD) and every late tick delays every call's audio; on
/// any other <see cref="TimeProvider"/> (virtual time in tests) it is a <see cref="PeriodicTimer"/>. Ticks are scheduled
/// against the start time, so they do not drift; ticks missed under load are counted and reported to participants
/// through the tick number.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="Register"/> and <see cref="Unregister"/> may be called from any thread, including from
/// inside a tick. The participant list is copy-on-write, so a tick does not allocate or take a lock. A participant that
/// throws is counted in <see cref="ParticipantFaults"/> and keeps being ticked. Dispose stops the loop; it owns no
/// participant.
/// </remarks>
public sealed class MediaClock : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly PeriodicTimer _timer;
    private readonly long _origin;
    private readonly Task _loop;
    private volatile bool _stopping;
    // Low among real-time priorities: kernel threads that must preempt us (interrupt handling) run at 50.
    private const int RealTimePriority = 10;
    private readonly bool _realTime;
    private volatile MediaClockScheduling _scheduling;
    private IMediaClockParticipant[] _participants = [];
    private long _ticks;
    private long _missed;
    private long _faults;
    private long _late;
    private long _maxLatenessTicks;
    private long _maxDurationTicks;

    /// <summary>Creates and starts the clock.</summary>
    /// <param name="period">Tick period; 20 ms if null.</param>
    /// <param name="timeProvider">Time source; the system clock if null.</param>
    /// <param name="realTime">
    /// Ask for the SCHED_FIFO real-time class on Linux (falls back to nice −10, then normal, where not allowed):
    /// ticks then start on time even when the machine's cores are all busy.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> not positive.</exception>
    public MediaClock(TimeSpan? period = null, TimeProvider? timeProvider = null, bool realTime = false)
    {
        _realTime = realTime;
        Period = period ?? TimeSpan.FromMilliseconds(20);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Period, TimeSpan.Zero, nameof(period));
        _time = timeProvider ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
        _timer = new PeriodicTimer(Period, _time);
        _loop = ReferenceEquals(_time, TimeProvider.System) ? RunOnDedicatedThread() : Task.Run(RunAsync);
    }

    /// <summary>Tick period.</summary>
    public TimeSpan Period { get; }

    /// <summary>Ticks run so far.</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Ticks skipped because the loop fell behind.</summary>
    public long MissedTicks => Interlocked.Read(ref _missed);

    /// <summary>Ticks that ran <see cref="LateTickThreshold"/> or more after their period boundary (every call's packet late at once).</summary>
    public long LateTicks => Interlocked.Read(ref _late);

    /// <summary>How late the latest-starting tick so far ran after its boundary.</summary>
    public TimeSpan MaxTickLateness => TimeSpan.FromTicks(Interlocked.Read(ref _maxLatenessTicks));

    /// <summary>The longest tick so far, from its start to the end of its last participant's <see cref="IMediaClockParticipant.AfterTick"/>.</summary>
    public TimeSpan MaxTickDuration => TimeSpan.FromTicks(Interlocked.Read(ref _maxDurationTicks));

    /// <summary>Lateness from which <see cref="LateTicks"/> counts a tick: 2 ms, the packet spacing budget of the SIP load goal.</summary>
    public static TimeSpan LateTickThreshold { get; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Exceptions thrown by participants.</summary>
    public long ParticipantFaults => Interlocked.Read(ref _faults);

    /// <summary>
    /// True once the dedicated clock thread runs at a raised scheduling priority. On Linux that needs root or
    /// CAP_SYS_NICE (.NET ignores <see cref="ThreadPriority"/> there); false on virtual time and where it is not allowed.
    /// </summary>
    public bool ElevatedPriority => Scheduling != MediaClockScheduling.Normal;

    /// <summary>How the clock thread is scheduled once it runs (<see cref="MediaClockScheduling.Normal"/> until then).</summary>
    public MediaClockScheduling Scheduling => _scheduling;

    /// <summary>The Linux thread id of the dedicated clock thread once it runs (0 otherwise); lets tests read its nice value.</summary>
    internal int ThreadId { get; private set; }

    /// <summary>Registered participants.</summary>
    public int ParticipantCount => Volatile.Read(ref _participants).Length;

    /// <summary>Adds a participant (from the next tick on); adding it twice has no effect.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is null.</exception>
    public void Register(IMediaClockParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        lock (_gate)
        {
            if (Array.IndexOf(_participants, participant) >= 0)
            {
                return;
            }

            var next = new IMediaClockParticipant[_participants.Length + 1];
            _participants.CopyTo(next, 0);
            next[^1] = participant;
            Volatile.Write(ref _participants, next);
        }
    }

    /// <summary>Removes a participant; returns false if it was not registered. A tick already running may still call it once.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is null.</exception>
    public bool Unregister(IMediaClockParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        lock (_gate)
        {
            int index = Array.IndexOf(_participants, participant);
            if (index < 0)
            {
                return false;
            }

            var next = new IMediaClockParticipant[_participants.Length - 1];
            Array.Copy(_participants, 0, next, 0, index);
            Array.Copy(_participants, index + 1, next, index, next.Length - index);
            Volatile.Write(ref _participants, next);
            return true;
        }
    }

    /// <summary>Stops the loop and waits for the tick in progress.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _timer.Dispose();
        await _loop.ConfigureAwait(false);
    }

    private Task RunOnDedicatedThread()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var niced = LinuxMediaThread.TrySetCurrentThreadNice(-10, out int threadId);
            ThreadId = threadId;
            _scheduling = _realTime && LinuxMediaThread.TrySetCurrentThreadFifo(RealTimePriority) ? MediaClockScheduling.RealTime
                : niced ? MediaClockScheduling.Nice : MediaClockScheduling.Normal;
            long last = 0;
            while (!_stopping)
            {
                // Sleep to the next period boundary measured from the start, so lateness never accumulates.
                var elapsed = _time.GetElapsedTime(_origin);
                var next = ((elapsed.Ticks / Period.Ticks) + 1) * Period.Ticks;
                var remaining = TimeSpan.FromTicks(next - elapsed.Ticks);
                if (!LinuxMediaThread.TrySleep(remaining))
                {
                    // Rounded up to whole milliseconds (Thread.Sleep's unit): waking early would only spin to the boundary.
                    var waitMs = (int)Math.Ceiling(remaining.TotalMilliseconds);
                    if (waitMs > 0) Thread.Sleep(waitMs);
                }

                if (_stopping) break;
                last = Tick(last);
            }
            done.TrySetResult();
        })
        {
            IsBackground = true,
            Name = "switchboard-media-clock",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return done.Task;
    }

    private async Task RunAsync()
    {
        long last = 0;
        while (await _timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            last = Tick(last);
        }
    }

    /// <summary>Runs one tick unless its period was already served; returns the last tick number run.</summary>
    private long Tick(long last)
    {
        TimeSpan elapsed = _time.GetElapsedTime(_origin);

        // Numbering by elapsed time rather than by count keeps RTP timestamps on the wall clock when ticks coalesce.
        long tick = elapsed.Ticks / Period.Ticks;
        if (tick <= last)
        {
            // A signal latched while the previous tick ran late: that period was already served.
            return last;
        }

        if (tick > last + 1)
        {
            Interlocked.Add(ref _missed, tick - last - 1);
        }

        IMediaClockParticipant[] participants = Volatile.Read(ref _participants);
        for (int i = 0; i < participants.Length; i++)
        {
            try
            {
                participants[i].OnTick(tick, elapsed);
            }
#pragma warning disable CA1031 // One faulty call must not stop the media of every other call.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _faults);
            }
        }

        // A second pass, so the last call's packet of this tick leaves as soon after the boundary as the first one's
        // would: with hundreds of calls, interleaved receive work spread each tick's sends over many milliseconds.
        for (int i = 0; i < participants.Length; i++)
        {
            try
            {
                participants[i].AfterTick(tick, elapsed);
            }
#pragma warning disable CA1031 // As above.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _faults);
            }
        }

        // Only this loop writes these; readers on other threads go through Interlocked.Read.
        long lateness = elapsed.Ticks - (tick * Period.Ticks);
        if (lateness >= LateTickThreshold.Ticks)
        {
            Interlocked.Increment(ref _late);
        }

        if (lateness > _maxLatenessTicks)
        {
            Interlocked.Exchange(ref _maxLatenessTicks, lateness);
        }

        long duration = _time.GetElapsedTime(_origin).Ticks - elapsed.Ticks;
        if (duration > _maxDurationTicks)
        {
            Interlocked.Exchange(ref _maxDurationTicks, duration);
        }

        Interlocked.Increment(ref _ticks);
        return tick;
    }
}
