using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Functions;

/// <summary>One run of a function. Arguments and result are stored masked (secrets and PII fields).</summary>
internal sealed class FunctionExecution : ITenantOwned, Common.IListable
{
    public required string Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string FunctionId { get; set; }
    public int FunctionVersion { get; set; }
    public string? CallId { get; set; }

    /// <summary>One of <see cref="FunctionExecutionStatus"/>.</summary>
    public required string Status { get; set; }
    public required string Arguments { get; set; }
    public string? Result { get; set; }

    /// <summary>True when the stored result was cut to the log limit; the caller got all of it.</summary>
    public bool ResultTruncated { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public double LatencyMs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
