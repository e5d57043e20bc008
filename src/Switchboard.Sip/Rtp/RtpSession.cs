using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Jitter;
using Switchboard.Audio.Rfc4733;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Rtp;

/// <summary>
/// One call's RTP/RTCP stream (RFC 3550) for G.711 audio at 8 kHz, with RFC 4733 DTMF both ways. It sends packets of
/// the negotiated ptime when that is 20, 40 or 60 ms (20 ms otherwise) and receives packets of any length,
/// repacketised into 20 ms frames on the sender's timestamps.
/// Sending is paced by the shared <see cref="MediaClock"/>: each tick takes one frame from the send queue (or sends
/// silence) and, every <see cref="RtpSessionOptions.RtcpInterval"/>, an RTCP report. Receiving runs one socket loop
/// per port into the jitter buffer; each tick pops one frame from it, decodes it and queues it on <see cref="InboundFrames"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe: two internal locks, held only for in-memory work and non-blocking UDP sends. The send path (the
/// clock's send step, <see cref="ClearOutbound"/>) has its own, so the media clock never waits to send for a socket
/// loop that holds the receive lock (the receive step, RTCP, the socket loops) and was preempted under load.</para>
/// <para>Ownership: the session owns the <see cref="RtpPortLease"/> from construction on (even if the constructor
/// throws) and releases it in <see cref="DisposeAsync"/>. Frames given to <see cref="SendAsync"/> become the
/// session's; frames read from <see cref="InboundFrames"/> become the reader's, who must dispose them.</para>
/// <para>Queues: the send queue waits when full, so a producer faster than real time (TTS) is paced by the clock.
/// The receive queue drops the oldest frame when full, because a stalled consumer must never stall the network
/// loop and stale audio is worthless to a listener. Digits are never dropped below 64 unread.</para>
/// <para>Symmetric RTP: after <see cref="RtpSessionOptions.SymmetricRtpPackets"/> consecutive valid packets from a
/// new address (with the SSRC we already receive, or the first SSRC), RTP goes there; RTCP goes to where RTCP comes from.</para>
/// </remarks>
public sealed partial class RtpSession : IMediaClockParticipant, IAsyncDisposable
{
    /// <summary>Samples per 20 ms packet at 8 kHz.</summary>
    public const int SamplesPerFrame = 160;

    private const int MaxFramesPerPacket = 3;

    private static readonly TimeSpan FramePeriod = TimeSpan.FromMilliseconds(20);

    // Only read (the jitter buffer copies what it needs), so every session without options of its own shares it.
    private static readonly JitterBufferOptions DefaultJitterOptions = new();

    private readonly Lock _gate = new();

    // Taken after _gate when both are needed, never before.
    private readonly Lock _sendGate = new();
    private readonly RtpPortLease _lease;
    private readonly MediaClock _clock;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly bool _alaw;
    private readonly byte _payloadType;
    private readonly byte? _eventPayloadType;
    private volatile bool _canSend;
    private readonly bool _deliverSilence;
    private readonly string _cname;
    private readonly long _rtcpIntervalTicks;
    private readonly TimeSpan _defaultDigit;
    private readonly JitterBuffer _jitter;
    private readonly RtpFrameAssembler _assembler;
    private readonly TelephoneEventReceiver _eventReceiver;
    private readonly DtmfTransmitter _dtmf = new();
    private RtpReceiveStatistics _receiveStats = new();
    private readonly Channel<AudioFrame> _outbound;
    private readonly Channel<AudioFrame> _inbound;
    private readonly Channel<ReceivedTelephoneEvent> _digits;
    private readonly Channel<RtcpCompoundPacket> _rtcpIn;
    // Every buffer the session keeps for its life comes from the port allocator's pool (see RtpSessionMemory): a
    // collection with hundreds of calls up then has none of them to copy. Returned once, at the end of DisposeAsync.
    private readonly RtpSessionMemoryPool _memoryPool;
    private readonly RtpSessionMemory _memory;
    private readonly Memory<byte> _sendBuffer;
    private readonly Memory<byte> _payload;
    private readonly int _framesPerPacket;
    private readonly Memory<byte> _popBuffer;

    // RTCP is written here under the receive lock, so a report costs no garbage.
    private readonly byte[] _cnameUtf8;
    private readonly Memory<byte> _rtcpBuffer;
    private readonly Memory<byte> _previous;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _rtpLoop;
    private readonly Task _rtcpLoop;

    private ushort _sequence;
    private readonly uint _timestampBase;
    private long _startTick = -1;
    private bool _firstSent;
    private int _framesPending;
    private uint _packetTimestamp;
    private uint _currentTimestamp;

    private long _nextRtcpTick;

    private readonly SymmetricRtpLatch _rtpTarget;
    private SocketAddress? _rtcpTarget;
    private uint? _remoteSsrc;

    private long _packetsSent;
    private long _octetsSent;
    private long _packetsReceived;
    private long _invalid;
    private long _sendErrors;
    private long _rtcpSent;
    private long _rtcpReceived;
    private int _disposed;

    /// <summary>Creates the session and registers it on <paramref name="clock"/>.</summary>
    /// <param name="audio">What offer/answer negotiated.</param>
    /// <param name="ports">The local port pair; owned by the session from now on.</param>
    /// <param name="clock">The shared media clock.</param>
    /// <param name="options">Tuning; defaults if null.</param>
    /// <param name="timeProvider">Time source for jitter and RTCP; the system clock if null. Use the clock's provider.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The codec is not PCMU/PCMA at 8 kHz, a payload type is out of range, the remote address is not an IP literal, the lease is already disposed, or an option is out of range.</exception>
    public RtpSession(NegotiatedAudio audio, RtpPortLease ports, MediaClock clock, RtpSessionOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(ports);
        RtpSessionMemory? memory = null;
        bool loopsStarted = false;
        try
        {
            ArgumentNullException.ThrowIfNull(audio);
            ArgumentNullException.ThrowIfNull(clock);
            if (ports.IsDisposed)
            {
                throw new ArgumentException("The port lease is already released.", nameof(ports));
            }

            options ??= new RtpSessionOptions();
            options.Validate();
            _alaw = audio.Codec.EncodingName.Equals("PCMA", StringComparison.OrdinalIgnoreCase);
            if (audio.Codec.ClockRate != 8000 || !(_alaw || audio.Codec.EncodingName.Equals("PCMU", StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"Only PCMU and PCMA at 8000 Hz are supported; negotiated {audio.Codec.EncodingName}/{audio.Codec.ClockRate}.", nameof(audio));
            }

            _payloadType = RtpSessionSetup.ToPayloadType(audio.PayloadType);
            _eventPayloadType = audio.TelephoneEventPayloadType is int te ? RtpSessionSetup.ToPayloadType(te) : null;
            _canSend = audio.CanSend;
            _deliverSilence = options.DeliverSilenceWhenEmpty;

            // A ptime that is a multiple of our 20 ms clock is honoured; others (10, 30, 50 ms) would mean uneven
            // packet spacing on that clock, so they get 20 ms packets, which every G.711 receiver takes.
            _framesPerPacket = audio.Ptime is 40 or 60 ? audio.Ptime / 20 : 1;
            (IPEndPoint? initialTarget, _rtcpTarget) = RtpSessionSetup.Targets(audio, ports.RtpSocket);

            _lease = ports;
            _clock = clock;
            _time = timeProvider ?? TimeProvider.System;
            _origin = _time.GetTimestamp();
            _cname = options.CanonicalName ?? $"switchboard-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}";
            _cnameUtf8 = System.Text.Encoding.UTF8.GetBytes(_cname);
            _memoryPool = ports.SessionMemory;
            memory = _memoryPool.Rent();
            _memory = memory;
            _sendBuffer = memory.Send;
            _payload = memory.Payload;
            _popBuffer = memory.Pop;
            _previous = memory.Previous;
            _rtcpBuffer = memory.Rtcp;
            _rtpTarget = new SymmetricRtpLatch(options.SymmetricRtpPackets, initialTarget);
            _rtcpIntervalTicks = Math.Max(1, options.RtcpInterval.Ticks / FramePeriod.Ticks);
            _defaultDigit = options.DefaultDigitDuration;
            // The pooled block holds the default 64 slots of 160 bytes; a larger configured ring stores in arrays of its own.
            JitterBufferOptions jitterOptions = options.JitterBuffer ?? DefaultJitterOptions;
            _jitter = jitterOptions.Capacity <= RtpSessionMemory.JitterSlots
                ? new JitterBuffer(jitterOptions, memory.JitterStorage[..(jitterOptions.Capacity * SamplesPerFrame)])
                : new JitterBuffer(jitterOptions);
            _assembler = new RtpFrameAssembler(G711Payload.Silence(_alaw), memory.AssemblerStorage);
            _eventReceiver = new TelephoneEventReceiver();
            Ssrc = RtpSessionSetup.RandomUInt32();
            _sequence = (ushort)RtpSessionSetup.RandomUInt32();
            _timestampBase = RtpSessionSetup.RandomUInt32();
            _outbound = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(options.OutboundCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            _inbound = Channel.CreateBounded<AudioFrame>(
                new BoundedChannelOptions(options.InboundCapacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
                static dropped => dropped.Dispose());
            _digits = Channel.CreateBounded<ReceivedTelephoneEvent>(new BoundedChannelOptions(64) { SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest });
            _rtcpIn = Channel.CreateBounded<RtcpCompoundPacket>(new BoundedChannelOptions(16) { SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest });
            clock.Register(this);

            // Last: once the loops run they may write into the pooled block, which then cannot go back if this throws.
            Memory<byte> rtpReceive = memory.RtpReceive;
            Memory<byte> rtcpReceive = memory.RtcpReceive;
            loopsStarted = true;
            _rtpLoop = Task.Run(() => UdpDatagramLoop.RunAsync(ports.RtpSocket, rtpReceive, (d, f) => OnDatagram(d, f, rtcp: false), _stop.Token));
            _rtcpLoop = Task.Run(() => UdpDatagramLoop.RunAsync(ports.RtcpSocket, rtcpReceive, (d, f) => OnDatagram(d, f, rtcp: true), _stop.Token));
        }
        catch
        {
            ports.Dispose();
            if (memory is not null && !loopsStarted)
            {
                ports.SessionMemory.Return(memory);
            }

            throw;
        }
    }

    /// <summary>The receive path's lock; lets tests hold it the way a preempted socket loop would.</summary>
    internal Lock ReceiveLock => _gate;

    /// <summary>Our SSRC (random, RFC 3550 §8).</summary>
    public uint Ssrc { get; }

    /// <summary>The local RTP port.</summary>
    public int LocalRtpPort => _lease.RtpPort;

    /// <summary>The RTCP CNAME we send.</summary>
    public string CanonicalName => _cname;

    /// <summary>True when RFC 4733 telephone-event was negotiated, so <see cref="SendDigit"/> can send digits.</summary>
    public bool TelephoneEventsNegotiated => _eventPayloadType is not null;

    /// <summary>
    /// Decoded 20 ms PCM16 frames at 8 kHz from the peer (packets and concealment; silence while nothing plays only with
    /// <see cref="RtpSessionOptions.DeliverSilenceWhenEmpty"/>). The reader owns and disposes each frame.
    /// </summary>
    public ChannelReader<AudioFrame> InboundFrames => _inbound.Reader;

    /// <summary>DTMF digits received as RFC 4733 events, each exactly once.</summary>
    public ChannelReader<ReceivedTelephoneEvent> Digits => _digits.Reader;

    /// <summary>RTCP compound packets received from the peer (the 16 most recent unread).</summary>
    public ChannelReader<RtcpCompoundPacket> ReceivedRtcp => _rtcpIn.Reader;

    /// <summary>Counters snapshot.</summary>
    public RtpSessionStatistics Statistics
    {
        get
        {
            lock (_gate)
            lock (_sendGate)
            {
                return new RtpSessionStatistics(_packetsSent, _octetsSent, _packetsReceived, _invalid, _sendErrors, _rtcpSent, _rtcpReceived, _remoteSsrc, _rtpTarget.TargetEndPoint);
            }
        }
    }

    /// <summary>Jitter buffer counters (loss, reordering, jitter estimate).</summary>
    public JitterBufferStatistics JitterStatistics
    {
        get
        {
            lock (_gate)
            {
                return _jitter.Statistics;
            }
        }
    }

    /// <summary>Queues a frame to send, waiting while the send queue is full. The session takes ownership of the frame.</summary>
    /// <exception cref="ArgumentException">The frame is not 160 samples at 8000 Hz, or is disposed (the frame is disposed).</exception>
    /// <exception cref="ObjectDisposedException">The session is closed (the frame is disposed).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the frame is disposed).</exception>
    public async ValueTask SendAsync(AudioFrame frame, CancellationToken cancellationToken = default)
    {
        RtpSessionSetup.ValidateFrame(frame);
        try
        {
            await _outbound.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            frame.Dispose();
            throw new ObjectDisposedException(nameof(RtpSession), "The RTP session is closed.");
        }
        catch (OperationCanceledException)
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>Queues a frame if there is room; false (frame not taken) when the queue is full or the session closed.</summary>
    /// <exception cref="ArgumentException">The frame is not 160 samples at 8000 Hz (the frame is disposed).</exception>
    public bool TrySend(AudioFrame frame)
    {
        RtpSessionSetup.ValidateFrame(frame);
        return _outbound.Writer.TryWrite(frame);
    }

    /// <summary>
    /// Drops every frame queued to send (barge-in: the caller must stop hearing the agent at once). Writers waiting for
    /// room continue. Runs under the send lock, so it never races the clock tick that takes frames. Does nothing
    /// once the session is closed.
    /// </summary>
    /// <returns>How many frames were dropped.</returns>
    public int ClearOutbound()
    {
        int dropped = 0;
        lock (_sendGate)
        {
            if (_disposed != 0)
            {
                return 0;
            }

            while (_outbound.Reader.TryRead(out AudioFrame frame))
            {
                frame.Dispose();
                dropped++;
            }

            // Audio gathered for a 40/60 ms packet belongs to what is being cleared too.
            _framesPending = 0;
        }

        return dropped;
    }

    /// <summary>
    /// Queues one DTMF digit as an RFC 4733 event, sent on the media clock with our SSRC; audio frames queued meanwhile
    /// are consumed and not sent (RFC 4733 §2.5.1.3 mutes audio during an event).
    /// </summary>
    /// <param name="digit">0-9, *, #, A-D.</param>
    /// <param name="duration">How long the key is held; <see cref="RtpSessionOptions.DefaultDigitDuration"/> if null.</param>
    /// <exception cref="ArgumentException">Not a DTMF character.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Duration not positive or over about 8 s.</exception>
    /// <exception cref="InvalidOperationException">telephone-event was not negotiated.</exception>
    /// <exception cref="ObjectDisposedException">The session is closed.</exception>
    public void SendDigit(char digit, TimeSpan? duration = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _dtmf.Validate(digit, duration ?? _defaultDigit);
        if (_eventPayloadType is null)
        {
            throw new InvalidOperationException("telephone-event was not negotiated for this call; DTMF cannot be sent in RTP.");
        }

        _dtmf.Enqueue(digit, duration ?? _defaultDigit);
    }

    /// <summary>
    /// Ends the session on every path: unregisters from the clock, sends RTCP BYE (best effort), stops the socket
    /// loops, releases the ports and completes the queues (unread frames are disposed). Idempotent.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _clock.Unregister(this);

        // Both locks: a send step already running finishes before the sockets close.
        lock (_gate)
        lock (_sendGate)
        {
            SendRtcp(bye: true);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _lease.Dispose();
        await Task.WhenAll(_rtpLoop, _rtcpLoop).ConfigureAwait(false);
        _stop.Dispose();
        lock (_gate)
        {
            _jitter.Dispose();
        }

        // Nothing touches the block any more: both loops have ended (no receive pending), and every tick, datagram and
        // RTCP path checks _disposed under a lock taken above.
        _memoryPool.Return(_memory);

        _outbound.Writer.TryComplete();
        _inbound.Writer.TryComplete();
        _digits.Writer.TryComplete();
        _rtcpIn.Writer.TryComplete();
        while (_outbound.Reader.TryRead(out AudioFrame pending))
        {
            pending.Dispose();
        }

        while (_inbound.Reader.TryRead(out AudioFrame unread))
        {
            unread.Dispose();
        }
    }
}
