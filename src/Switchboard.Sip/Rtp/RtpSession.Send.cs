using System.Net.Sockets;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Rfc4733;

namespace Switchboard.Sip.Rtp;

/// <summary>The send path of <see cref="RtpSession"/>: one step per media clock tick, audio or a DTMF event, under the send lock.</summary>
public sealed partial class RtpSession
{
    /// <inheritdoc/>
    void IMediaClockParticipant.OnTick(long tick, TimeSpan elapsed)
    {
        lock (_sendGate)
        {
            if (_disposed != 0)
            {
                return;
            }

            if (_startTick < 0)
            {
                _startTick = tick;
                _nextRtcpTick = tick + (_rtcpIntervalTicks / 2);
            }

            _currentTimestamp = _timestampBase + (uint)((tick - _startTick) * SamplesPerFrame);
            SendStep(tick);
        }
    }

    private void SendStep(long tick)
    {
        bool hasFrame = _outbound.Reader.TryRead(out AudioFrame frame);
        try
        {
            _dtmf.TryStart(tick, _currentTimestamp);
            if (!_canSend || _rtpTarget.Target is null)
            {
                _dtmf.Cancel();
                _framesPending = 0;
                return;
            }

            if (_dtmf.IsActive)
            {
                // Audio gathered for a longer packet is muted with the rest (RFC 4733 §2.5.1.3).
                _framesPending = 0;
                if (_dtmf.TryNext(tick, out TelephoneEventPacket p))
                {
                    Span<byte> payload = stackalloc byte[TelephoneEvent.Size];
                    p.Event.WriteTo(payload);
                    SendRtp(p.Marker, _eventPayloadType!.Value, p.Timestamp, payload);
                }

                return;
            }

            if (_framesPending == 0)
            {
                _packetTimestamp = _currentTimestamp;
            }

            Span<byte> slot = _payload.Span.Slice(_framesPending * SamplesPerFrame, SamplesPerFrame);
            if (hasFrame)
            {
                G711Payload.Encode(_alaw, frame.Samples, slot);
            }
            else
            {
                // Comfort silence keeps the stream, NAT bindings and the peer's jitter buffer alive.
                slot.Fill(G711Payload.Silence(_alaw));
            }

            if (++_framesPending < _framesPerPacket)
            {
                return;
            }

            SendRtp(!_firstSent, _payloadType, _packetTimestamp, _payload.Span[..(_framesPending * SamplesPerFrame)]);
            _framesPending = 0;
            _firstSent = true;
        }
        finally
        {
            if (hasFrame)
            {
                frame.Dispose();
            }
        }
    }

    private void SendRtp(bool marker, byte payloadType, uint timestamp, ReadOnlySpan<byte> payload)
    {
        var packet = new RtpPacket(marker, payloadType, _sequence++, timestamp, Ssrc, payload);
        Span<byte> buffer = _sendBuffer.Span;
        int length = packet.WriteTo(buffer);
        try
        {
            _lease.RtpSocket.SendTo(buffer[..length], SocketFlags.None, _rtpTarget.Target!);
            _packetsSent++;
            _octetsSent += payload.Length;
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
    }
}
