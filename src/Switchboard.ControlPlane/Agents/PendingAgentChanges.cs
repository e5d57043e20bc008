using Microsoft.EntityFrameworkCore.Storage;

namespace Switchboard.ControlPlane.Agents;

/// <summary>The agents one <c>SaveChanges</c> call is writing, and the transaction it was given to carry the notification.</summary>
internal sealed class PendingAgentChanges(IReadOnlyList<AgentCacheKey> keys, IDbContextTransaction? ownedTransaction)
{
    public IReadOnlyList<AgentCacheKey> Keys { get; } = keys;

    /// <summary>Begun by the invalidator (the caller had none), so it commits or rolls it back.</summary>
    public IDbContextTransaction? OwnedTransaction { get; } = ownedTransaction;
}
