using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Ivr;

/// <summary>The path one caller took through an IVR menu, written once when the call ends.</summary>
internal sealed class IvrSession : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string CallId { get; set; }
    public required string MenuId { get; set; }

    /// <summary>The steps as a snake_case JSON array of <see cref="IvrPathStepResponse"/>.</summary>
    public required string Path { get; set; }

    /// <summary><c>transferred</c>, <c>handed_over</c>, <c>hung_up</c> or <c>abandoned</c> (the caller left mid-menu).</summary>
    public required string Outcome { get; set; }

    /// <summary>The transfer destination or hand-over target, when the final action named one.</summary>
    public string? OutcomeTarget { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }

    /// <summary>When the record was written; the list's sort key.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
