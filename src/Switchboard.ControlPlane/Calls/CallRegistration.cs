using System.Text.Json;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// What is known of a call before it connects (an outbound call being placed, a web call being set up): the record
/// the session's <c>CallStarted</c> later takes over. <see cref="Metadata"/> must be a JSON object.
/// </summary>
internal sealed record CallRegistration(
    string AgentId,
    int AgentVersion,
    string Direction,
    string? FromNumber,
    string? ToNumber,
    JsonElement? Metadata,
    IReadOnlyDictionary<string, string>? DynamicVariables);
