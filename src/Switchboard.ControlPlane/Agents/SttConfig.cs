namespace Switchboard.ControlPlane.Agents;

internal sealed record SttConfig
{
    public string? Provider { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string>? BoostedKeywords { get; init; }
}
