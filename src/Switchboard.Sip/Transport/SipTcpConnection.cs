using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Transport;

/// <summary>
/// One TCP connection: a read loop that frames by Content-Length (RFC 3261 §18.3) and a write loop that drains a
/// bounded send queue, connecting first for outbound connections. Owned by its <see cref="SipTcpTransport"/>.
/// </summary>
internal sealed class SipTcpConnection : IAsyncDisposable
{
    private static readonly byte[] KeepAlivePong = "\r\n"u8.ToArray();

    private readonly SipTcpTransport _owner;
    private readonly Channel<byte[]> _sendQueue;
    private readonly CancellationTokenSource _stop = new();
    private readonly SipParserOptions _parserOptions;
    private Socket? _socket;
    private Task? _readLoop;
    private Task? _writeLoop;
    private long _lastActivityTicks;
    private int _closed;

    public SipTcpConnection(SipTcpTransport owner, SipEndPoint remote, Socket? acceptedSocket)
    {
        _owner = owner;
        Remote = remote;
        _socket = acceptedSocket;
        _parserOptions = new SipParserOptions { IsStreamTransport = true, MaxMessageSize = owner.Options.MaxTcpMessageSize };
        _sendQueue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(owner.Options.TcpSendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Touch();
    }

    public SipEndPoint Remote { get; }

    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void Start()
    {
        _writeLoop = WriteLoopAsync(_stop.Token);
        if (_socket is not null)
        {
            _readLoop = ReadLoopAsync(_socket, _stop.Token);
        }
    }

    public bool TryEnqueue(byte[] bytes) => !IsClosed && _sendQueue.Writer.TryWrite(bytes);

    /// <summary>Stops both loops and closes the socket; safe to call from the loops themselves.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _sendQueue.Writer.TryComplete();
        _stop.Cancel();
        Socket? s = Volatile.Read(ref _socket);
        s?.Dispose();
        _owner.OnClosed(this);
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        if (_writeLoop is not null)
        {
            await _writeLoop.ConfigureAwait(false);
        }

        if (_readLoop is not null)
        {
            await _readLoop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _owner.TimeProvider.GetUtcNow().UtcTicks);

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            if (_socket is null)
            {
                var socket = new Socket(Remote.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                Volatile.Write(ref _socket, socket);
                using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    connectTimeout.CancelAfter(_owner.Options.TcpConnectTimeout);
                    await socket.ConnectAsync(Remote.ToIPEndPoint(), connectTimeout.Token).ConfigureAwait(false);
                }

                if (IsClosed)
                {
                    socket.Dispose();
                    return;
                }

                _readLoop = ReadLoopAsync(socket, ct);
            }

            Socket connected = _socket;
            await foreach (byte[] bytes in _sendQueue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                int sent = 0;
                while (sent < bytes.Length)
                {
                    sent += await connected.SendAsync(bytes.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
                }

                Touch();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A failed connect or write ends the connection and loses what was queued; unless we are the ones
            // stopping, the owner tells the transaction layer so the affected transactions fail at once.
            if (!IsClosed)
            {
                Close();
                _owner.OnDeliveryFailed(Remote);
            }
        }
        finally
        {
            Close();
        }
    }

    private async Task ReadLoopAsync(Socket socket, CancellationToken ct)
    {
        await Task.Yield();
        // Room for one maximal message plus keep-alive CRLFs in front of it.
        int limit = _parserOptions.MaxMessageSize + 1024;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(8192, limit));
        int filled = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= limit)
                    {
                        return; // the framer would have rejected it; nothing sane is left in this stream
                    }

                    byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, ct).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                Touch();
                int consumed = await DeliverFramesAsync(buffer, filled, ct).ConfigureAwait(false);
                if (consumed < 0)
                {
                    return;
                }

                if (consumed > 0)
                {
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or ChannelClosedException)
        {
            // The peer went away or we are stopping.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Close();
        }
    }

    /// <summary>Delivers every complete message in the buffer; returns bytes consumed, or -1 when the stream is unframeable.</summary>
    private async ValueTask<int> DeliverFramesAsync(byte[] buffer, int filled, CancellationToken ct)
    {
        int offset = 0;
        while (offset < filled)
        {
            SipFrame frame = SipStreamFramer.TryFrame(buffer.AsSpan(offset, filled - offset), _parserOptions);
            switch (frame.Status)
            {
                case SipFrameStatus.NeedMoreData:
                    return offset + frame.MessageOffset;
                case SipFrameStatus.Invalid:
                    return -1;
                case SipFrameStatus.KeepAlive:
                    if (frame.BytesConsumed >= 4)
                    {
                        TryEnqueue(KeepAlivePong); // RFC 5626 §3.5.1: a CRLFCRLF ping gets a CRLF pong
                    }

                    offset += frame.BytesConsumed;
                    continue;
            }

            SipMessage? message = SipInboundProcessor.Process(
                buffer.AsSpan(offset + frame.MessageOffset, frame.MessageLength), _parserOptions, Remote, out SipResponse? reply);
            offset += frame.BytesConsumed;
            if (reply is not null)
            {
                TryEnqueue(reply.ToBytes());
            }

            if (message is not null)
            {
                await _owner.DeliverAsync(message, Remote, ct).ConfigureAwait(false);
            }
        }

        return offset;
    }
}
