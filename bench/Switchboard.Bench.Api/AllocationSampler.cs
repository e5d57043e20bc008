using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Switchboard.Bench.Api;

/// <summary>
/// Attributes the process's allocations to types through the runtime's GCAllocationTick event (one event each time
/// ~100 KB has been allocated, naming the type of the object that crossed the line, with the amount). Sampled, so
/// only types that make up a real share show; good enough to find the top allocators without a profiler.
/// Created just for its own run and disposed after it, so the measured runs never pay for the listener. Thread-safe.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public IReadOnlyDictionary<string, long> BytesByType => _bytesByType;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)) return;
        var names = eventData.PayloadNames;
        var payload = eventData.Payload;
        if (names is null || payload is null) return;
        var typeIndex = names.IndexOf("TypeName");
        var amountIndex = names.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || payload[typeIndex] is not string type) return;
        var amount = amountIndex >= 0 && payload[amountIndex] is ulong a ? (long)a : 100 * 1024;
        _bytesByType.AddOrUpdate(type, amount, (_, n) => n + amount);
    }

    /// <summary>The largest allocators, as estimated bytes per request.</summary>
    public IReadOnlyList<(string Type, double BytesPerRequest)> Top(long requests, int count)
    {
        if (requests <= 0) return [];
        return _bytesByType.OrderByDescending(p => p.Value).Take(count)
            .Select(p => (p.Key, p.Value / (double)requests)).ToList();
    }
}
