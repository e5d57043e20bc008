using System.Text.Json;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>
/// <c>POST /api/v1/calls/phone</c>: call <see cref="ToNumber"/> from <see cref="FromNumber"/> (a number of the
/// organization) with an agent. Through the number's trunk <see cref="ToNumber"/> is an E.164 number; a number without a
/// trunk dials a SIP URI (<c>sip:user@192.0.2.10:5060</c>) directly.
/// </summary>
internal sealed record CreatePhoneCallRequest(
    string? FromNumber,
    string? ToNumber,
    string? AgentId,
    int? AgentVersion,
    IReadOnlyDictionary<string, string>? DynamicVariables,
    JsonElement? Metadata,
    int? RingTimeoutSeconds);
