using System.Net;
using Switchboard.ControlPlane.Outbound;

namespace Switchboard.ControlPlane.Tests.Outbound;

/// <summary>A resolver that gives the next scripted answer on each call — a DNS rebinding attacker.</summary>
internal sealed class ScriptedResolver(params string[][] answers) : IOutboundResolver
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls) - 1;
        var answer = answers[Math.Min(call, answers.Length - 1)];
        return Task.FromResult(answer.Select(IPAddress.Parse).ToArray());
    }
}
