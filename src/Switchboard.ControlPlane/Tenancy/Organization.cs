namespace Switchboard.ControlPlane.Tenancy;

internal sealed class Organization
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
