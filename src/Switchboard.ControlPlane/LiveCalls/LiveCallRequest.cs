using Switchboard.Realtime.Sessions;

namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>What a transport knows when a call connects: who it is for and who is on it.</summary>
/// <param name="Transport">What carries the call: <c>sip</c>, <c>twilio</c>, <c>web</c>, ... (logs and events).</param>
internal sealed record LiveCallRequest(string OrganizationId, string AgentId, int? AgentVersion, CallDirection Direction,
    string? From, string? To, string Transport)
{
    /// <summary>The call's own dynamic variables (SIP <c>X-</c> headers, the API request, the inbound webhook); they override the agent's.</summary>
    public IReadOnlyDictionary<string, string>? DynamicVariables { get; init; }

    /// <summary>Metadata as JSON object text, stored on the call record.</summary>
    public string? Metadata { get; init; }

    /// <summary>An IVR menu that answers first (a phone number's inbound menu); its hand-over goes to the agent.</summary>
    public string? IvrMenuId { get; init; }

    /// <summary>Set when the call's record was already registered (web calls, outbound calls); otherwise one is created.</summary>
    public string? CallId { get; init; }
}
