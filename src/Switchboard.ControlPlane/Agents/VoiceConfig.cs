namespace Switchboard.ControlPlane.Agents;

internal sealed record VoiceConfig
{
    public string? Provider { get; init; }
    public string? VoiceId { get; init; }
    public double? Speed { get; init; }
}
