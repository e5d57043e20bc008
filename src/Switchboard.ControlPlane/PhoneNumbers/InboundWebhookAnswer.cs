using System.Text.Json;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// What a number's inbound webhook may answer, inside <c>{"call_inbound": {...}}</c>. Parsed leniently — unknown
/// fields are ignored, since this is the customer's server talking, not an API client — but never guessed at.
/// </summary>
internal sealed record InboundWebhookAnswer(
    string? OverrideAgentId,
    int? OverrideAgentVersion,
    IReadOnlyDictionary<string, string> DynamicVariables,
    string? Metadata)
{
    public const int MaxBytes = 64 * 1024;

    /// <returns>The answer; an empty body or one without <c>call_inbound</c> is an answer that changes nothing.</returns>
    /// <exception cref="JsonException">The body is not JSON, or a field has the wrong type.</exception>
    public static InboundWebhookAnswer Parse(ReadOnlySpan<byte> body)
    {
        var none = new InboundWebhookAnswer(null, null, new Dictionary<string, string>(), null);
        if (body.Trim(" \t\r\n"u8).IsEmpty) return none;
        var reader = new Utf8JsonReader(body);
        using var doc = JsonDocument.ParseValue(ref reader);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("The answer must be a JSON object.");
        if (!doc.RootElement.TryGetProperty("call_inbound", out var inbound) || inbound.ValueKind == JsonValueKind.Null) return none;
        if (inbound.ValueKind != JsonValueKind.Object) throw new JsonException("call_inbound must be an object.");

        string? agentId = null;
        if (inbound.TryGetProperty("override_agent_id", out var id) && id.ValueKind != JsonValueKind.Null)
            agentId = id.ValueKind == JsonValueKind.String ? id.GetString() : throw new JsonException("override_agent_id must be a string.");

        int? version = null;
        if (inbound.TryGetProperty("override_agent_version", out var v) && v.ValueKind != JsonValueKind.Null)
            version = v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 1 ? n : throw new JsonException("override_agent_version must be a whole number of at least 1.");

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (inbound.TryGetProperty("dynamic_variables", out var vars) && vars.ValueKind != JsonValueKind.Null)
        {
            if (vars.ValueKind != JsonValueKind.Object) throw new JsonException("dynamic_variables must be an object.");
            foreach (var property in vars.EnumerateObject())
            {
                // Variables are text in prompts; a number or boolean is taken as written rather than refused.
                variables[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => throw new JsonException($"dynamic_variables.{property.Name} must be a string."),
                };
            }
        }

        string? metadata = null;
        if (inbound.TryGetProperty("metadata", out var meta) && meta.ValueKind != JsonValueKind.Null)
            metadata = meta.ValueKind == JsonValueKind.Object ? meta.GetRawText() : throw new JsonException("metadata must be an object.");

        return new InboundWebhookAnswer(agentId, version, variables, metadata);
    }
}
