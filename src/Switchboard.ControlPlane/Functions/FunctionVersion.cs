using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Functions;

/// <summary>An immutable snapshot of a function's definition; executions name the version they ran.</summary>
internal sealed class FunctionVersion : ITenantOwned
{
    public long Id { get; set; }
    public string OrganizationId { get; set; } = "";
    public required string FunctionId { get; set; }
    public int Version { get; set; }

    /// <summary>The definition as snake_case JSON (<see cref="FunctionConfig"/>).</summary>
    public required string Config { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
