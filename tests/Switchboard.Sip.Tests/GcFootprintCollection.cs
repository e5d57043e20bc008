namespace Switchboard.Sip.Tests;

/// <summary>
/// Tests that read process-wide GC counters (bytes allocated, live heap, promoted bytes) run alone: any other test
/// running meanwhile would add its own allocations to the figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GcFootprintCollection
{
    public const string Name = "gc-footprint";
}
