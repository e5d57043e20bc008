using System.Collections.Concurrent;
using Switchboard.ControlPlane.Telephony;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>Routes the numbers a test registers (the phone numbers feature's router is not needed to test a transport).</summary>
internal sealed class FixedInboundRouter : IInboundCallRouter
{
    public ConcurrentDictionary<string, InboundRoute> Routes { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Called, string? Caller, string Transport)> Lookups { get; } = new();

    public Task<InboundRoute?> ResolveAsync(string calledNumber, string? callerNumber, string transport, CancellationToken cancellationToken)
    {
        Lookups.Enqueue((calledNumber, callerNumber, transport));
        return Task.FromResult(Routes.GetValueOrDefault(calledNumber));
    }
}
