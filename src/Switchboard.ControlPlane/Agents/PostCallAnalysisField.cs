namespace Switchboard.ControlPlane.Agents;

/// <summary>A typed value to extract from each finished call (string, number, boolean or enum).</summary>
internal sealed record PostCallAnalysisField
{
    public string? Name { get; init; }
    public string? Type { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string>? Choices { get; init; }
}
