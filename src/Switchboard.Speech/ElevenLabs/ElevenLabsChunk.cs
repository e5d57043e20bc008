namespace Switchboard.Speech.ElevenLabs;

/// <summary>One audio message: its PCM16 samples and the characters it speaks (from the alignment), if sent.</summary>
internal readonly record struct ElevenLabsChunk(ReadOnlyMemory<short> Samples, string? Text);
