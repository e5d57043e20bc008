using Switchboard.Audio.Rfc4733;

namespace Switchboard.Audio.Tests.Rfc4733;

public sealed class TelephoneEventTests
{
    [Fact]
    public void Encodes_fields_in_network_order()
    {
        // Event 5, E set, volume 10, duration 800 (100 ms at 8 kHz): 05 8A 03 20.
        var buffer = new byte[4];
        new TelephoneEvent(5, End: true, Reserved: false, Volume: 10, Duration: 800).WriteTo(buffer);
        Assert.Equal(new byte[] { 0x05, 0x8A, 0x03, 0x20 }, buffer);
    }

    [Fact]
    public void Decodes_every_field_including_the_reserved_bit()
    {
        TelephoneEvent e = TelephoneEvent.Parse([0x0B, 0x7F, 0xFF, 0xFE]);
        Assert.Equal(new TelephoneEvent(11, End: false, Reserved: true, Volume: 63, Duration: 0xFFFE), e);
    }

    [Fact]
    public void Round_trips_all_event_codes_flags_and_volumes()
    {
        var buffer = new byte[4];
        for (int code = 0; code <= 255; code += 17)
        {
            for (byte volume = 0; volume <= 63; volume += 9)
            {
                var e = new TelephoneEvent((byte)code, code % 2 == 0, code % 3 == 0, volume, (ushort)(code * 257));
                e.WriteTo(buffer);
                Assert.Equal(e, TelephoneEvent.Parse(buffer));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void Rejects_payloads_that_are_not_whole_event_blocks(int length)
    {
        var ex = Assert.Throws<TelephoneEventFormatException>(() => TelephoneEvent.Parse(new byte[length]));
        Assert.Contains(length.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.False(TelephoneEvent.TryParse(new byte[length], out _));
    }

    [Fact]
    public void Accepts_several_blocks_and_reads_the_first()
    {
        Assert.Equal(3, TelephoneEvent.Parse([3, 0, 0, 1, 4, 0, 0, 2]).EventCode);
    }

    [Fact]
    public void Refuses_to_encode_a_volume_that_does_not_fit_six_bits_or_a_short_destination()
    {
        Assert.Throws<InvalidOperationException>(() => new TelephoneEvent(1, false, false, 64, 0).WriteTo(new byte[4]));
        Assert.Throws<ArgumentException>(() => new TelephoneEvent(1, false, false, 1, 0).WriteTo(new byte[3]));
    }

    [Fact]
    public void Maps_digits_and_event_codes_both_ways()
    {
        const string Digits = "0123456789*#ABCD";
        for (byte code = 0; code < 16; code++)
        {
            Assert.True(TelephoneEvent.TryGetDigit(code, out char d));
            Assert.Equal(Digits[code], d);
            Assert.Equal(code, TelephoneEvent.GetEventCode(d));
        }

        Assert.Equal(13, TelephoneEvent.GetEventCode('b'));
        Assert.False(TelephoneEvent.TryGetDigit(16, out _));
        Assert.Throws<ArgumentException>(() => TelephoneEvent.GetEventCode('x'));
    }
}
