using System.Buffers.Binary;

namespace Switchboard.Audio.Rfc4733;

/// <summary>
/// One RFC 4733 telephone-event block (the 4-byte RTP payload of payload type "telephone-event"):
/// event code, end bit, reserved bit, volume and duration. Immutable value; safe to share between threads.
/// </summary>
/// <param name="EventCode">0–9, 10 = <c>*</c>, 11 = <c>#</c>, 12–15 = <c>A–D</c>; other codes are other events.</param>
/// <param name="End">The E bit: this packet reports the end of the event.</param>
/// <param name="Reserved">The R bit: senders set it to zero, receivers ignore it.</param>
/// <param name="Volume">Power level as −dBm0 (0–63); 10 means −10 dBm0.</param>
/// <param name="Duration">Duration of the event so far, in RTP timestamp units.</param>
public readonly record struct TelephoneEvent(byte EventCode, bool End, bool Reserved, byte Volume, ushort Duration)
{
    /// <summary>Size of one event block on the wire.</summary>
    public const int Size = 4;

    /// <summary>Highest volume value (6 bits).</summary>
    public const byte MaxVolume = 63;

    /// <summary>
    /// Reads the first event block of an RTP payload. Payloads may carry several 4-byte blocks; any after the first are
    /// left to the caller.
    /// </summary>
    /// <exception cref="TelephoneEventFormatException">Fewer than 4 bytes, or a length that is not a multiple of 4.</exception>
    public static TelephoneEvent Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < Size)
        {
            throw new TelephoneEventFormatException($"A telephone-event payload needs at least {Size} bytes; got {payload.Length}.");
        }

        if (payload.Length % Size != 0)
        {
            throw new TelephoneEventFormatException($"A telephone-event payload is made of {Size}-byte blocks; got {payload.Length} bytes.");
        }

        byte flags = payload[1];
        return new TelephoneEvent(
            payload[0],
            (flags & 0x80) != 0,
            (flags & 0x40) != 0,
            (byte)(flags & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
    }

    /// <summary>Like <see cref="Parse"/> but reports a malformed payload by returning <c>false</c>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out TelephoneEvent value)
    {
        if (payload.Length < Size || payload.Length % Size != 0)
        {
            value = default;
            return false;
        }

        value = Parse(payload);
        return true;
    }

    /// <summary>Writes this block into the first 4 bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 4 bytes.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Volume"/> is above 63 (it has only 6 bits).</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"The destination needs at least {Size} bytes; got {destination.Length}.", nameof(destination));
        }

        if (Volume > MaxVolume)
        {
            throw new InvalidOperationException($"Volume must be within 0–{MaxVolume}; this event has {Volume}.");
        }

        destination[0] = EventCode;
        destination[1] = (byte)((End ? 0x80 : 0) | (Reserved ? 0x40 : 0) | Volume);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
    }

    /// <summary>The keypad character for DTMF event codes 0–15.</summary>
    /// <returns><c>false</c> for any other event code.</returns>
    public static bool TryGetDigit(byte eventCode, out char digit)
    {
        const string Digits = "0123456789*#ABCD";
        if (eventCode < Digits.Length)
        {
            digit = Digits[eventCode];
            return true;
        }

        digit = '\0';
        return false;
    }

    /// <summary>The event code for a keypad character (<c>0-9</c>, <c>*</c>, <c>#</c>, <c>A-D</c>, case-insensitive).</summary>
    /// <exception cref="ArgumentException">Not a DTMF character.</exception>
    public static byte GetEventCode(char digit) => digit switch
    {
        >= '0' and <= '9' => (byte)(digit - '0'),
        '*' => 10,
        '#' => 11,
        >= 'A' and <= 'D' => (byte)(digit - 'A' + 12),
        >= 'a' and <= 'd' => (byte)(digit - 'a' + 12),
        _ => throw new ArgumentException($"'{digit}' is not a DTMF digit (expected 0-9, *, #, A-D).", nameof(digit)),
    };
}
