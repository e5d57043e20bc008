using System.Buffers.Binary;

namespace Switchboard.Audio.Wav;

/// <summary>
/// Records a two-party call as a stereo PCM16 WAV file while it happens: left channel one party, right the other,
/// frame by frame, without holding the call in memory. The header's sizes are written when the recording completes;
/// a file cut short by a crash still has its audio (players that trust the data size see an empty file until then).
/// </summary>
/// <remarks>Not thread-safe: one writer (the call's media loop). Owns and disposes the stream.</remarks>
public sealed class StereoWavRecorder : IDisposable
{
    private const int HeaderBytes = 44;
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private long _frames;
    private bool _completed;

    /// <exception cref="ArgumentException">The stream cannot be written and sought.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside 1 Hz to 1 MHz.</exception>
    public StereoWavRecorder(Stream stream, int sampleRate, int maxFrameLength = 960)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite || !stream.CanSeek) throw new ArgumentException("The recording stream must be writable and seekable.", nameof(stream));
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 1_000_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 1);
        _stream = stream;
        SampleRate = sampleRate;
        _buffer = new byte[maxFrameLength * 4];
        Span<byte> header = stackalloc byte[HeaderBytes];
        WriteHeader(header, sampleRate, 0);
        _stream.Write(header);
    }

    public int SampleRate { get; }

    /// <summary>Sample frames (one sample per channel) written so far.</summary>
    public long Frames => _frames;

    /// <summary>
    /// Appends <paramref name="left"/> and <paramref name="right"/> side by side; the shorter is padded with silence
    /// (pass an empty span for a party that was silent).
    /// </summary>
    /// <exception cref="ArgumentException">A side is longer than the frame length given at construction.</exception>
    /// <exception cref="InvalidOperationException">The recording is complete.</exception>
    public void Write(ReadOnlySpan<short> left, ReadOnlySpan<short> right)
    {
        if (_completed) throw new InvalidOperationException("The recording is complete.");
        var length = Math.Max(left.Length, right.Length);
        if (length * 4 > _buffer.Length) throw new ArgumentException($"At most {_buffer.Length / 4} samples per write.", nameof(left));
        var bytes = _buffer.AsSpan(0, length * 4);
        for (var i = 0; i < length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes[(i * 4)..], i < left.Length ? left[i] : (short)0);
            BinaryPrimitives.WriteInt16LittleEndian(bytes[(i * 4 + 2)..], i < right.Length ? right[i] : (short)0);
        }
        _stream.Write(bytes);
        _frames += length;
    }

    /// <summary>Writes the final sizes into the header and flushes. Further writes are refused.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        Span<byte> header = stackalloc byte[HeaderBytes];
        WriteHeader(header, SampleRate, _frames * 4);
        _stream.Seek(0, SeekOrigin.Begin);
        _stream.Write(header);
        _stream.Seek(0, SeekOrigin.End);
        _stream.Flush();
    }

    public void Dispose()
    {
        try
        {
            Complete();
        }
        finally
        {
            _stream.Dispose();
        }
    }

    private static void WriteHeader(Span<byte> header, int sampleRate, long dataBytes)
    {
        var data = (uint)Math.Min(dataBytes, uint.MaxValue - 36);
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 36 + data);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * 4));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], data);
    }
}
