namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>Picks one of a number's inbound agents in proportion to the weights. Pure and thread-safe.</summary>
internal static class WeightedPick
{
    /// <param name="agents">Candidates with weights of at least 1 (validated on write; anything below counts as 1).</param>
    /// <param name="uniform">A value in [0, 1) from the caller's random source, so tests can fix it.</param>
    /// <returns>The chosen agent, or null when there are none.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="uniform"/> is outside [0, 1).</exception>
    public static InboundAgent? Pick(IReadOnlyList<InboundAgent> agents, double uniform)
    {
        ArgumentNullException.ThrowIfNull(agents);
        if (uniform is < 0 or >= 1 || double.IsNaN(uniform))
            throw new ArgumentOutOfRangeException(nameof(uniform), uniform, "The random value must be in [0, 1).");
        if (agents.Count == 0) return null;

        long total = 0;
        foreach (var agent in agents) total += Weight(agent);
        // Integer arithmetic from here on: a floating comparison at the boundaries would bias the last candidate.
        var target = (long)(uniform * total);
        foreach (var agent in agents)
        {
            target -= Weight(agent);
            if (target < 0) return agent;
        }
        return agents[^1];
    }

    private static long Weight(InboundAgent agent) => Math.Max(1, agent.Weight ?? 1);
}
