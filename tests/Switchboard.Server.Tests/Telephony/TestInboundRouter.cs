using System.Collections.Concurrent;
using Switchboard.ControlPlane.Telephony;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>Routes dialled numbers the test registered; everything else is unknown (404).</summary>
internal sealed class TestInboundRouter : IInboundCallRouter
{
    public ConcurrentDictionary<string, InboundRoute> Routes { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Called, string? Caller, string Transport)> Lookups { get; } = new();

    public Task<InboundRoute?> ResolveAsync(string calledNumber, string? callerNumber, string transport, CancellationToken cancellationToken)
    {
        Lookups.Enqueue((calledNumber, callerNumber, transport));
        return Task.FromResult(Routes.TryGetValue(calledNumber, out var route) ? route : null);
    }

    public void Add(string number, string organizationId, string agentId, IReadOnlyDictionary<string, string>? variables = null) =>
        Routes[number] = new InboundRoute(organizationId, "pn_test", number, agentId, null, null, variables ?? new Dictionary<string, string>(), null);
}
