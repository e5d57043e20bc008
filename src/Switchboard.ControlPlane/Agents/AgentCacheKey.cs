namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// One agent of one organization. The organization is part of the key, so an entry can only ever be found by a
/// request already verified as that organization.
/// </summary>
internal readonly record struct AgentCacheKey(string OrganizationId, string AgentId)
{
    private const char Separator = ' ';

    /// <summary>The payload of a change notification (ids never contain a space).</summary>
    public string ToPayload() => OrganizationId + Separator + AgentId;

    public static bool TryParsePayload(string? payload, out AgentCacheKey key)
    {
        var space = payload is null ? -1 : payload.IndexOf(Separator, StringComparison.Ordinal);
        if (space <= 0 || space == payload!.Length - 1)
        {
            key = default;
            return false;
        }
        key = new AgentCacheKey(payload[..space], payload[(space + 1)..]);
        return true;
    }
}
