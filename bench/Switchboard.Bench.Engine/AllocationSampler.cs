using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Switchboard.Bench.Engine;

/// <summary>
/// Samples what the process allocates through the runtime's AllocationTick event (one event per ~100 KB allocated,
/// naming the type that crossed the threshold), to attribute steady-state allocations without a profiler. Thread-safe.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    public ConcurrentDictionary<string, int> Types { get; } = new();

    public volatile bool Recording;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)) return;
        var index = eventData.PayloadNames?.IndexOf("TypeName") ?? -1;
        if (index < 0 || eventData.Payload?[index] is not string type) return;
        Types.AddOrUpdate(type, 1, (_, n) => n + 1);
    }
}
