using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Switchboard.Sip.Tests.Echo;

/// <summary>
/// Attributes allocations to types through the runtime's GCAllocationTick events (one per ~100 KB allocated on a
/// heap, naming the type whose allocation crossed the threshold), so a measurement can name its largest allocators
/// without a profiler. Sampling, not exact: a type's count × 100 KB approximates its bytes. Thread-safe.
/// </summary>
internal sealed class AllocationTypeSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private volatile bool _recording;

    public ConcurrentDictionary<string, long> Bytes { get; } = new(StringComparer.Ordinal);

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || eventData.PayloadNames is null || eventData.Payload is null)
        {
            return;
        }

        int typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || eventData.Payload[typeIndex] is not string type)
        {
            return;
        }

        long amount = amountIndex >= 0 && eventData.Payload[amountIndex] is ulong a ? (long)a : 100_000;
        Bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
    }
}
