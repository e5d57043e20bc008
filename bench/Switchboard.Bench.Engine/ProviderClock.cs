namespace Switchboard.Bench.Engine;

/// <summary>
/// Wall time spent inside the provider stubs (engine and TTS), bucketed by the caller turn being answered, so the
/// engine's own overhead can be computed as the turn's latency minus this. Thread-safe: the engine loop of one call
/// writes, the reporting code reads after the call.
/// </summary>
internal sealed class ProviderClock
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, long> _ticksByTurn = [];
    private int _turn;

    public void BeginTurn(int turn)
    {
        lock (_lock) _turn = turn;
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_lock)
        {
            _ticksByTurn.TryGetValue(_turn, out var ticks);
            _ticksByTurn[_turn] = ticks + elapsed.Ticks;
        }
    }

    public TimeSpan For(int turn)
    {
        lock (_lock) return TimeSpan.FromTicks(_ticksByTurn.GetValueOrDefault(turn));
    }
}
