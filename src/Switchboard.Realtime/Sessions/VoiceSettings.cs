namespace Switchboard.Realtime.Sessions;

/// <summary>Which TTS speaks for the agent.</summary>
public sealed record VoiceSettings
{
    /// <summary><c>flite</c> (offline default), <c>openai</c>, <c>elevenlabs</c>.</summary>
    public string Provider { get; init; } = "flite";

    /// <summary>Provider voice; for flite <c>slt</c> (16 kHz) or <c>kal</c> (8 kHz).</summary>
    public string VoiceId { get; init; } = "slt";

    public double Speed { get; init; } = 1.0;
}
