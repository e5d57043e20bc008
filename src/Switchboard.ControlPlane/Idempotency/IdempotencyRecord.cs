using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> an organization used: the request it came with (as a fingerprint) and, once the request
/// succeeded, the response to replay. <see cref="Response"/> is null while the first request is still running.
/// </summary>
internal sealed class IdempotencyRecord : ITenantOwned
{
    public string OrganizationId { get; set; } = "";
    public required string Key { get; set; }

    /// <summary>Method and route pattern, e.g. <c>POST /api/v1/calls/web</c>: a key belongs to one endpoint.</summary>
    public required string Endpoint { get; set; }

    /// <summary>SHA-256 (hex) of the request's canonical JSON.</summary>
    public required string Fingerprint { get; set; }

    public int? StatusCode { get; set; }
    public string? Response { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
