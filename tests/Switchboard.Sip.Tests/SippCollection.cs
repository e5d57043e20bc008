namespace Switchboard.Sip.Tests;

/// <summary>
/// Tests that run SIPp (or another external SIP peer) go one at a time: several peers at once on a loaded 2-core
/// machine answer late enough to trigger legitimate retransmissions that SIPp's built-in scenarios do not absorb.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SippCollection
{
    public const string Name = "sipp";
}
