using System.Runtime.InteropServices;

namespace Switchboard.Speech.Failover;

/// <summary>
/// Presents PCM16 chunks as a raw little-endian byte stream, for an inner client that only takes a <see cref="Stream"/>.
/// </summary>
/// <remarks>Not thread-safe; read-only, forward-only. Owns the chunk enumerator.</remarks>
internal sealed class PcmChunkStream(IAsyncEnumerable<ReadOnlyMemory<short>> chunks, CancellationToken cancellationToken) : Stream
{
    private readonly IAsyncEnumerator<ReadOnlyMemory<short>> _chunks = chunks.GetAsyncEnumerator(cancellationToken);
    private ReadOnlyMemory<short> _current;
    private int _byteOffset;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Not supported: the chunks arrive asynchronously and blocking on them would hold a thread per call.</summary>
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Read this stream asynchronously (ReadAsync); its audio arrives as the call goes on.");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!_ended)
        {
            ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(_current.Span);
            if (_byteOffset < bytes.Length)
            {
                int n = Math.Min(buffer.Length, bytes.Length - _byteOffset);
                bytes.Slice(_byteOffset, n).CopyTo(buffer.Span);
                _byteOffset += n;
                return n;
            }

            if (await _chunks.MoveNextAsync())
            {
                _current = _chunks.Current;
                _byteOffset = 0;
            }
            else
            {
                _ended = true;
            }
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await _chunks.DisposeAsync();
        await base.DisposeAsync();
    }
}
