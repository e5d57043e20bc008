using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Jitter;
using Switchboard.Audio.Rfc4733;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Rtp;

/// <summary>The receive path and RTCP of <see cref="RtpSession"/>, under the receive lock: datagrams in, jitter buffer out, reports both ways.</summary>
public sealed partial class RtpSession
{
    /// <inheritdoc/>
    void IMediaClockParticipant.AfterTick(long tick, TimeSpan elapsed)
    {
        lock (_gate)
        {
            if (_disposed != 0 || _startTick < 0)
            {
                return;
            }

            ReceiveStep();
            if (tick >= _nextRtcpTick)
            {
                _nextRtcpTick = tick + _rtcpIntervalTicks;
                SendRtcp(bye: false);
            }
        }
    }

    private void ReceiveStep()
    {
        TimeSpan now = _time.GetElapsedTime(_origin);
        _assembler.OnTick(now, _jitter);
        Span<byte> popBuffer = _popBuffer.Span;
        JitterBufferFrame popped = _jitter.Pop(now, popBuffer);
        if (popped.Outcome != JitterBufferOutcome.Empty)
        {
            AudioFrame frame = AudioFrame.Rent(8000, SamplesPerFrame, popped.Timestamp, _time.GetUtcNow());
            Span<short> pcm = frame.Samples;
            if (popped.Outcome == JitterBufferOutcome.Packet)
            {
                // The assembler only ever puts whole 20 ms frames into the buffer.
                G711Payload.Decode(_alaw, popBuffer[..SamplesPerFrame], pcm);
            }
            else
            {
                PcmConcealment.WriteFadedCopy(Previous, pcm);
            }

            pcm.CopyTo(Previous);
            if (!_inbound.Writer.TryWrite(frame))
            {
                frame.Dispose();
            }
        }
        else if (_deliverSilence)
        {
            // Stamped on our own timeline: there is no sender timestamp for audio that never arrived.
            AudioFrame silence = AudioFrame.Rent(8000, SamplesPerFrame, _currentTimestamp, _time.GetUtcNow());
            silence.Samples.Clear();
            if (!_inbound.Writer.TryWrite(silence))
            {
                silence.Dispose();
            }
        }

        _eventReceiver.Poll(now);
        DrainDigits();
    }

    private Span<short> Previous => MemoryMarshal.Cast<byte, short>(_previous.Span);

    private void DrainDigits()
    {
        while (_eventReceiver.TryReadDigit(out ReceivedTelephoneEvent digit))
        {
            _digits.Writer.TryWrite(digit);
        }
    }

    private void SendRtcp(bool bye)
    {
        // Read once: a renegotiation may replace it meanwhile.
        SocketAddress? target = _rtcpTarget;
        if (target is null)
        {
            return;
        }

        TimeSpan now = _time.GetElapsedTime(_origin);
        RtcpReportBlock? block = null;
        if (_remoteSsrc is uint remote && _receiveStats.HasReceived)
        {
            uint jitter = (uint)Math.Round(_jitter.Statistics.JitterMilliseconds * 8);
            block = _receiveStats.CreateBlock(remote, jitter, now);
        }

        // The send counters and timestamp belong to the send lock; read without it (aligned 64-bit reads are atomic), a
        // report may be one packet behind, which RTCP tolerates.
        RtcpSenderInfo? sender = _packetsSent > 0
            ? new RtcpSenderInfo(NtpTime.FromDateTime(_time.GetUtcNow()), _currentTimestamp, (uint)_packetsSent, (uint)_octetsSent)
            : null;
        Span<byte> buffer = _rtcpBuffer.Span;
        int length = RtcpReportWriter.Write(buffer, Ssrc, sender, block, _cnameUtf8, bye);
        try
        {
            _lease.RtcpSocket.SendTo(buffer[..length], SocketFlags.None, target);
            _rtcpSent++;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
    }

    /// <summary>One datagram from a socket loop; internal so tests can drive the receive path on their own thread.</summary>
    internal bool OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from, bool rtcp)
    {
        lock (_gate)
        {
            if (_disposed != 0)
            {
                return false;
            }

            if (rtcp)
            {
                OnRtcp(datagram, from);
            }
            else
            {
                OnRtp(datagram, from);
            }

            return true;
        }
    }

    private void OnRtp(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        // Our own SSRC coming back is a forwarding loop (RFC 3550 §8.2), never the peer.
        if (!RtpPacket.TryParse(datagram, out RtpPacket packet) || packet.Payload.Length > _popBuffer.Length || packet.Ssrc == Ssrc)
        {
            _invalid++;
            return;
        }

        TimeSpan now = _time.GetElapsedTime(_origin);
        if (packet.PayloadType == _payloadType)
        {
            if (_remoteSsrc != packet.Ssrc)
            {
                // A new source (peer restart, transfer): loss counts of the old one would be meaningless for it.
                _remoteSsrc = packet.Ssrc;
                _receiveStats = new RtpReceiveStatistics();
                _assembler.Restart();
            }

            _assembler.Add(packet.Timestamp, packet.Payload, now, _jitter);
            _receiveStats.Update(packet.SequenceNumber);
            _packetsReceived++;
        }
        else if (packet.PayloadType == _eventPayloadType && TelephoneEvent.TryParse(packet.Payload, out _))
        {
            _remoteSsrc ??= packet.Ssrc;
            _eventReceiver.Receive(packet.SequenceNumber, packet.Timestamp, packet.Payload, now);
            DrainDigits();
        }
        else
        {
            _invalid++;
            return;
        }

        if (packet.Ssrc == _remoteSsrc)
        {
            _rtpTarget.Observe(from);
        }
    }

    private void OnRtcp(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        RtcpCompoundPacket compound;
        try
        {
            compound = RtcpCompoundPacket.Parse(datagram);
        }
        catch (RtpFormatException)
        {
            _invalid++;
            return;
        }

        _rtcpReceived++;
        if (compound.SenderReports.Count > 0)
        {
            _receiveStats.OnSenderReport(compound.SenderReports[0].NtpTimestamp, _time.GetElapsedTime(_origin));
        }

        if (_rtcpTarget is null || !_rtcpTarget.Equals(from))
        {
            _rtcpTarget = SymmetricRtpLatch.Copy(from);
        }

        _rtcpIn.Writer.TryWrite(compound);
    }
}
