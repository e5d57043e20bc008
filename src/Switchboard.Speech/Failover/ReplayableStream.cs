namespace Switchboard.Speech.Failover;

/// <summary>
/// A read-through view of the caller's audio stream that keeps what the primary read (up to a limit), so that a
/// fallback can hear the audio from the start after the primary failed.
/// </summary>
/// <remarks>Not thread-safe: one reader at a time (first the primary, then the fallback). Does not own the source.</remarks>
internal sealed class ReplayableStream : Stream, IReplaySource
{
    private readonly Stream _source;
    private readonly int _maxBytes;
    private MemoryStream? _recorded = new();
    private bool _recording = true;

    internal ReplayableStream(Stream source, int maxBytes)
    {
        _source = source;
        _maxBytes = maxBytes;
    }

    /// <summary>True while everything read so far is kept.</summary>
    public bool CanReplay => _recorded is not null;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Stops keeping audio (the primary produced results; nothing will be replayed) and frees what was kept.</summary>
    public void StopRecording()
    {
        _recording = false;
        _recorded = null;
    }

    /// <summary>A stream of everything read so far followed by the rest of the source.</summary>
    /// <exception cref="InvalidOperationException">The kept audio was dropped.</exception>
    internal Stream Replay()
    {
        var recorded = _recorded ?? throw new InvalidOperationException("The audio read so far was not kept.");
        _recording = false;
        recorded.Position = 0;
        return new ConcatenatedStream(recorded, _source);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = _source.Read(buffer);
        Record(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await _source.ReadAsync(buffer, cancellationToken);
        Record(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Record(ReadOnlySpan<byte> bytes)
    {
        if (!_recording || _recorded is null)
        {
            return;
        }

        if (_recorded.Length + bytes.Length > _maxBytes)
        {
            _recorded = null;
            return;
        }

        _recorded.Write(bytes);
    }

    /// <summary>The kept bytes, then the rest of the source.</summary>
    private sealed class ConcatenatedStream(MemoryStream head, Stream tail) : Stream
    {
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
            int n = head.Read(buffer);
            return n > 0 ? n : tail.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = head.Read(buffer.Span);
            return n > 0 ? n : await tail.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
