using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// One stored call event (table <c>call_events</c>): the transcript and the latency waterfall are read from these in
/// <see cref="Sequence"/> order. <see cref="Payload"/> is a snake_case JSON object whose shape depends on <see cref="Type"/>.
/// </summary>
internal sealed class CallEventRecord : ITenantOwned
{
    public long Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string CallId { get; set; }

    /// <summary>Per call, from 1, in the order the session emitted the events.</summary>
    public int Sequence { get; set; }

    /// <summary>One of <see cref="CallEventTypes"/>'s values.</summary>
    public required string Type { get; set; }
    public DateTimeOffset At { get; set; }
    public long OffsetMs { get; set; }
    public required string Payload { get; set; }
}
