using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Switchboard.Realtime.Sessions;

/// <summary>
/// A sentence's synthesised audio at the call's rate: the TTS's own raw PCM when it came as one piece at that rate
/// (flite and its sentence cache, the usual case: nothing is copied), otherwise samples gathered in a buffer rented from
/// <see cref="SpeechAudioBuffers"/>. Disposing returns that buffer; dispose once.
/// </summary>
/// <remarks>
/// Gathering every sentence cost a 64K-sample buffer per call speaking: with 200 calls greeting at once that was 200
/// large-object arrays at the start (engine load benchmark, all calls in one tick).
/// </remarks>
internal readonly struct SentenceAudio : IDisposable
{
    private readonly ReadOnlyMemory<byte> _pcm;
    private readonly short[]? _rented;

    private SentenceAudio(ReadOnlyMemory<byte> pcm, short[]? rented, int length)
    {
        _pcm = pcm;
        _rented = rented;
        Length = length;
    }

    /// <summary>Samples.</summary>
    public int Length { get; }

    public bool IsEmpty => Length == 0;

    /// <summary>Little-endian PCM16 that stays unchanged while it is used (DataContent is immutable).</summary>
    public static SentenceAudio FromPcm(ReadOnlyMemory<byte> pcm) => new(pcm, null, pcm.Length / sizeof(short));

    /// <summary>The first <paramref name="length"/> samples of a buffer from <see cref="SpeechAudioBuffers"/>, now owned.</summary>
    public static SentenceAudio FromRented(short[]? rented, int length) => new(default, rented, rented is null ? 0 : length);

    /// <summary>Copies <paramref name="destination"/>'s length of samples from sample <paramref name="start"/> on.</summary>
    public void CopyTo(int start, Span<short> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + destination.Length, Length);
        if (_rented is not null)
        {
            _rented.AsSpan(start, destination.Length).CopyTo(destination);
            return;
        }
        var bytes = _pcm.Span.Slice(start * sizeof(short), destination.Length * sizeof(short));
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, short>(bytes).CopyTo(destination);
            return;
        }
        for (var i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * sizeof(short))..]);
    }

    /// <summary>
    /// Fills a frame from sample <paramref name="start"/> on: as many samples as are left, then silence (the last frame of
    /// a sentence is padded).
    /// </summary>
    public void FillFrame(int start, Span<short> frame)
    {
        var count = Math.Min(frame.Length, Length - start);
        CopyTo(start, frame[..count]);
        frame[count..].Clear();
    }

    public void Dispose()
    {
        if (_rented is not null) SpeechAudioBuffers.Pool.Return(_rented);
    }
}
