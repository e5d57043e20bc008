namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>What the webhook decided about a call, carried to the stream connection inside the signed token (the
/// stream may reach another node than the webhook did, so nothing is kept in memory between the two).</summary>
internal sealed record StreamTokenClaims(
    string OrganizationId,
    string AgentId,
    int? AgentVersion,
    string Number,
    string? From,
    string? CallSid,
    string? IvrMenuId,
    IReadOnlyDictionary<string, string> DynamicVariables,
    string? Metadata,
    DateTimeOffset ExpiresAt);
