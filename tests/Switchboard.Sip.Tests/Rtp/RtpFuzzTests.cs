using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtpFuzzTests
{
    private const int Mutations = 100_000;

    [Fact]
    public void Mutated_rtp_packets_only_ever_raise_our_exception()
    {
        byte[] payload = new byte[40];
        byte[] seed = new byte[128];
        int n = new RtpPacket(true, 0, 1, 2, 3, payload, new byte[8], 0xBEDE, new byte[8], 4).WriteTo(seed);
        int failures = Fuzz(seed.AsSpan(0, n).ToArray(), 1, bytes =>
        {
            RtpPacket p = RtpPacket.Parse(bytes);
            Assert.True(p.Size == bytes.Length);
        });
        Assert.InRange(failures, 1, Mutations - 1);
    }

    [Fact]
    public void Mutated_rtcp_compounds_only_ever_raise_our_exception()
    {
        byte[] seed = new RtcpCompoundPacket(
            senderReports: [new RtcpSenderReport(7, 1, 2, 3, 4, [new RtcpReportBlock(1, 2, 3, 4, 5, 6, 7)])],
            sourceDescriptions: [new RtcpSdesChunk(7, "cname")],
            byes: [new RtcpBye([7], "bye")]).ToArray();
        int failures = Fuzz(seed, 2, bytes => RtcpCompoundPacket.Parse(bytes));
        Assert.InRange(failures, 1, Mutations - 1);
    }

    private static int Fuzz(byte[] seed, int randomSeed, Action<byte[]> parse)
    {
        var random = new Random(randomSeed);
        int failures = 0;
        for (int i = 0; i < Mutations; i++)
        {
            byte[] bytes = Mutate(seed, random);
            try
            {
                parse(bytes);
            }
            catch (RtpFormatException)
            {
                failures++;
            }
        }

        return failures;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        int kind = random.Next(4);
        byte[] bytes = kind switch
        {
            0 => seed.AsSpan(0, random.Next(seed.Length + 1)).ToArray(),
            1 => [.. seed, .. RandomBytes(random, random.Next(1, 16))],
            _ => (byte[])seed.Clone(),
        };
        int flips = random.Next(1, 6);
        for (int f = 0; f < flips && bytes.Length > 0; f++)
        {
            int at = random.Next(bytes.Length);
            bytes[at] = random.Next(2) == 0 ? (byte)random.Next(256) : (byte)(bytes[at] ^ (1 << random.Next(8)));
        }

        return bytes;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        byte[] b = new byte[count];
        random.NextBytes(b);
        return b;
    }
}
