using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Short-lived tokens binding a Media Streams connection to the route its webhook chose: base64url(JSON claims) + "." +
/// base64url(HMAC-SHA256). The key is derived from the server pepper, so every node of a deployment accepts the tokens
/// of the others and nothing new has to be configured. Thread-safe.
/// </summary>
internal sealed class StreamTokenSigner
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public StreamTokenSigner(byte[] pepper, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pepper);
        // A purpose-bound key: a token can never be mistaken for (or help forge) anything else signed with the pepper.
        _key = HMACSHA256.HashData(pepper, "switchboard/telephony/media-stream-token/v1"u8);
        _time = time;
    }

    public string Create(StreamTokenClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var payload = JsonSerializer.SerializeToUtf8Bytes(Payload.Of(claims), Json);
        var mac = HMACSHA256.HashData(_key, payload);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(mac)}";
    }

    /// <summary>The claims of a genuine, unexpired token; null for anything else (never says which, to a caller who may be probing).</summary>
    public StreamTokenClaims? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 16_384) return null;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1) return null;
        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        }
        catch (FormatException)
        {
            return null;
        }
        // Compare the canonical text of the MAC: a decoder's leniency about trailing bits must not admit variants.
        var expected = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token[(dot + 1)..]))) return null;
        Payload? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Payload>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
        if (parsed is null || parsed.Org is null || parsed.Agent is null || parsed.Number is null) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(parsed.Exp);
        if (expires <= _time.GetUtcNow()) return null;
        return new StreamTokenClaims(parsed.Org, parsed.Agent, parsed.Version, parsed.Number, parsed.From, parsed.CallSid, parsed.Ivr,
            parsed.Vars ?? new Dictionary<string, string>(), parsed.Meta, expires);
    }

    private sealed record Payload(string? Org, string? Agent, int? Version, string? Number, string? From, string? CallSid, string? Ivr,
        Dictionary<string, string>? Vars, string? Meta, long Exp)
    {
        public static Payload Of(StreamTokenClaims c) => new(c.OrganizationId, c.AgentId, c.AgentVersion, c.Number, c.From, c.CallSid, c.IvrMenuId,
            c.DynamicVariables.Count == 0 ? null : new Dictionary<string, string>(c.DynamicVariables), c.Metadata, c.ExpiresAt.ToUnixTimeSeconds());
    }
}
