namespace Switchboard.Audio.Wav;

/// <summary>Sample encodings found in WAV files.</summary>
public enum WavEncoding
{
    /// <summary>8-bit unsigned PCM (offset 128).</summary>
    Pcm8,

    /// <summary>16-bit signed little-endian PCM.</summary>
    Pcm16,

    /// <summary>24-bit signed little-endian PCM (read only).</summary>
    Pcm24,

    /// <summary>32-bit signed little-endian PCM (read only).</summary>
    Pcm32,

    /// <summary>32-bit IEEE float, nominal range ±1.0 (read only).</summary>
    Float32,

    /// <summary>64-bit IEEE float, nominal range ±1.0 (read only).</summary>
    Float64,

    /// <summary>G.711 μ-law, 8 bits per sample.</summary>
    MuLaw,

    /// <summary>G.711 A-law, 8 bits per sample.</summary>
    ALaw,
}
