using System.Buffers;

namespace Switchboard.Realtime.Sessions;

/// <summary>
/// The pool of the buffers a sentence's synthesised audio is gathered in before it is cut into frames. The shared pool
/// keeps only a few arrays per size per core: with 200 calls, most sentences rented a fresh 64K-sample array (on the
/// large object heap) and their returns were dropped, so every sentence left ~128 kB of large-object garbage and the
/// process ran a gen2 collection every few seconds (engine load benchmark). This one keeps up to 256 per size.
/// </summary>
internal static class SpeechAudioBuffers
{
    /// <summary>Two minutes of 16 kHz audio: longer sentences are rented and dropped as the shared pool would.</summary>
    private const int MaxLength = 1 << 21;

    public static ArrayPool<short> Pool { get; } = ArrayPool<short>.Create(MaxLength, maxArraysPerBucket: 256);
}
