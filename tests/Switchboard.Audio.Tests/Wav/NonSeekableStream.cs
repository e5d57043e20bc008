namespace Switchboard.Audio.Tests.Wav;

/// <summary>A read-only forward-only view of bytes, like a pipe, that hands out data in small random pieces.</summary>
internal sealed class NonSeekableStream(byte[] data, int seed = 1) : Stream
{
    private readonly Random _random = new(seed);
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, data.Length - _position), _random.Next(1, 700));
        data.AsSpan(_position, Math.Max(n, 0)).CopyTo(buffer);
        _position += Math.Max(n, 0);
        return Math.Max(n, 0);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
