namespace Switchboard.ControlPlane.Telephony;

/// <summary>A phone call being placed: follow it with <c>GET /api/v1/calls/{call_id}</c> or its live events.</summary>
internal sealed record PhoneCallResponse(string CallId, string Status, string FromNumber, string ToNumber, string AgentId, int AgentVersion);
