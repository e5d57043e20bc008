namespace Switchboard.Audio.Wav;

/// <summary>
/// Sequential reads over a stream with a small push-back buffer, so the parser can re-read a chunk header when a
/// writer forgot the pad byte after an odd-sized chunk. Never seeks backwards, so non-seekable streams work.
/// </summary>
internal sealed class WavByteSource
{
    private readonly Stream _stream;
    private readonly byte[] _pushback = new byte[16];
    private int _pushbackCount;

    public WavByteSource(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    public int ReadFully(Span<byte> buffer)
    {
        int total = 0;
        if (_pushbackCount > 0)
        {
            int fromPushback = Math.Min(_pushbackCount, buffer.Length);
            _pushback.AsSpan(0, fromPushback).CopyTo(buffer);
            _pushback.AsSpan(fromPushback, _pushbackCount - fromPushback).CopyTo(_pushback);
            _pushbackCount -= fromPushback;
            total = fromPushback;
        }

        while (total < buffer.Length)
        {
            int read = _stream.Read(buffer[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Puts bytes back in front of the stream.</summary>
    public void Unread(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length + _pushbackCount > _pushback.Length)
        {
            throw new InvalidOperationException("Push-back buffer overflow.");
        }

        _pushback.AsSpan(0, _pushbackCount).CopyTo(_pushback.AsSpan(bytes.Length));
        bytes.CopyTo(_pushback);
        _pushbackCount += bytes.Length;
    }

    /// <summary>Bytes left in the stream when that is knowable (seekable streams), otherwise null.</summary>
    public long? Remaining => _stream.CanSeek ? Math.Max(0, _stream.Length - _stream.Position) + _pushbackCount : null;

    /// <summary>Skips up to <paramref name="count"/> bytes; returns how many were skipped (fewer at end of stream).</summary>
    public long Skip(long count)
    {
        long skipped = 0;
        int fromPushback = (int)Math.Min(_pushbackCount, count);
        if (fromPushback > 0)
        {
            _pushback.AsSpan(fromPushback, _pushbackCount - fromPushback).CopyTo(_pushback);
            _pushbackCount -= fromPushback;
            skipped = fromPushback;
        }

        if (_stream.CanSeek)
        {
            long available = Math.Max(0, _stream.Length - _stream.Position);
            long step = Math.Min(count - skipped, available);
            _stream.Seek(step, SeekOrigin.Current);
            return skipped + step;
        }

        Span<byte> scratch = stackalloc byte[4096];
        while (skipped < count)
        {
            int want = (int)Math.Min(scratch.Length, count - skipped);
            int read = _stream.Read(scratch[..want]);
            if (read == 0)
            {
                break;
            }

            skipped += read;
        }

        return skipped;
    }
}
