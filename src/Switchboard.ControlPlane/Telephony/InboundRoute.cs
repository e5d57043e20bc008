namespace Switchboard.ControlPlane.Telephony;

/// <summary>Where an inbound call goes: the owning organization, the number's record and the chosen agent.</summary>
/// <param name="OrganizationId">The organization owning the number.</param>
/// <param name="PhoneNumberId">The number's id (<c>pn_…</c>).</param>
/// <param name="Number">The number as stored (normalized).</param>
/// <param name="AgentId">The agent picked by weight (or by the inbound webhook).</param>
/// <param name="AgentVersion">A pinned agent version, or null for the agent's published/latest version.</param>
/// <param name="IvrMenuId">An inbound IVR menu answering before the agent, or null.</param>
/// <param name="DynamicVariables">Variables the inbound webhook set for this call (empty when none).</param>
/// <param name="Metadata">Metadata the inbound webhook set for this call, as a JSON object text, or null.</param>
internal sealed record InboundRoute(
    string OrganizationId,
    string PhoneNumberId,
    string Number,
    string AgentId,
    int? AgentVersion,
    string? IvrMenuId,
    IReadOnlyDictionary<string, string> DynamicVariables,
    string? Metadata);
