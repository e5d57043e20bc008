using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// One call's record (table <c>calls</c>). Written by <see cref="CallRecorder"/> from the session's events; JSON columns
/// hold snake_case documents (see docs/calls.md).
/// </summary>
internal sealed class Call : ITenantOwned, IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public string AgentId { get; set; } = "";
    public int AgentVersion { get; set; }

    /// <summary>One of <see cref="CallStatuses"/>'s values.</summary>
    public string Status { get; set; } = CallStatuses.Registered;

    /// <summary><c>inbound</c>, <c>outbound</c>, <c>web</c> or <c>simulated</c>.</summary>
    public string Direction { get; set; } = "";
    public string? FromNumber { get; set; }
    public string? ToNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public long? DurationMs { get; set; }
    public string? DisconnectionReason { get; set; }
    public string? RecordingPath { get; set; }
    public string? RecordingUrl { get; set; }

    /// <summary>Caller-supplied JSON object, stored as text.</summary>
    public string? Metadata { get; set; }

    /// <summary>JSON object of string values, stored as text.</summary>
    public string? DynamicVariables { get; set; }

    /// <summary><see cref="LatencySummary"/> as JSON, computed when the call ends.</summary>
    public string? LatencySummary { get; set; }
}
