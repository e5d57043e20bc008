namespace Switchboard.Bench.Engine;

/// <summary>
/// Sets the load run's calls up on a thread of their own, as a SIP stack answers INVITEs while the media clock keeps
/// ticking: set-up cost lands on the engine's threads, never on the pacer that stands for the arriving RTP. A call's
/// media starts at the first tick after its set-up has finished (RTP flows once the call is answered), and from then
/// on every frame has its deadline. The pacer reads what has been published; one writer, any number of readers.
/// </summary>
internal sealed class CallArrivals
{
    private readonly BenchCall?[] _calls;
    private readonly long[] _firstTick;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ready;

    public CallArrivals(int count)
    {
        _calls = new BenchCall?[count];
        _firstTick = new long[count];
    }

    /// <summary>Calls set up so far: indexes below this may be read.</summary>
    public int Ready => Volatile.Read(ref _ready);

    /// <summary>Completes when every call is set up; faults if a set-up failed.</summary>
    public Task Done => _done.Task;

    public BenchCall this[int index] => _calls[index]!;

    /// <summary>The pacer's tick that writes call <paramref name="index"/>'s first frame.</summary>
    public long FirstTick(int index) => _firstTick[index];

    public IEnumerable<BenchCall> All => _calls.Take(Ready).Select(c => c!);

    /// <summary>
    /// Starts the thread: call i is set up once tick <paramref name="arrivals"/>[i] is due, by <paramref name="arrive"/>,
    /// which returns the call and the deadline VAD to start at the call's first tick.
    /// </summary>
    public void Start(DeadlineClock clock, int[] arrivals, Func<int, (BenchCall Call, DeadlineVad Vad)> arrive)
    {
        var thread = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < _calls.Length; i++)
                {
                    var wait = clock.Due(arrivals[i]) - clock.Elapsed;
                    if (wait > TimeSpan.Zero) Thread.Sleep((int)Math.Ceiling(wait.TotalMilliseconds));
                    var (call, vad) = arrive(i);
                    var first = (long)(clock.Elapsed / clock.Period) + 1;
                    vad.StartAt(first);
                    _firstTick[i] = first;
                    _calls[i] = call;
                    Volatile.Write(ref _ready, i + 1);
                }
                _done.TrySetResult();
            }
            catch (Exception e)
            {
                _done.TrySetException(e);
            }
        })
        { IsBackground = true, Name = "bench arrivals" };
        thread.Start();
    }
}
