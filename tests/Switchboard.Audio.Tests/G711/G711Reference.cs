namespace Switchboard.Audio.Tests.G711;

/// <summary>
/// An independent, table-free model of G.711 written from the standard's description of the quantisers: the
/// magnitude axis is cut into 8 segments of 16 equal intervals, the interval width doubling per segment, and a
/// code's reconstruction value is the middle of its interval. Nothing here shares code with the production encoder.
/// </summary>
internal static class G711Reference
{
    /// <summary>μ-law interval lower edges in 16-bit units: [0,4) is a half interval, then steps of 8·2^segment.</summary>
    private static readonly int[] MuLawEdges = BuildMuLawEdges();

    /// <summary>A-law interval lower edges in 16-bit units: segments 0 and 1 step 16, then 16·2^(segment-1).</summary>
    private static readonly int[] ALawEdges = BuildALawEdges();

    public static byte MuLawEncode(int sample)
    {
        // Sign-magnitude with clipping of the magnitude at 32635 (the reference's CLIP).
        int magnitude = Math.Min(Math.Abs(sample), 32635);
        int index = IntervalIndex(MuLawEdges, magnitude);
        return (byte)(sample < 0 ? 0x7F - index : 0xFF - index);
    }

    public static short MuLawDecode(byte code)
    {
        int index = code >= 0x80 ? 0xFF - code : 0x7F - code;
        int value = index == 0 ? 0 : (MuLawEdges[index] + MuLawEdges[index + 1]) / 2;
        return (short)(code >= 0x80 ? value : -value);
    }

    public static byte ALawEncode(int sample)
    {
        // A-law is mid-riser: -1 is the first negative interval, hence the one's complement magnitude.
        int magnitude = sample >= 0 ? sample : -sample - 1;
        int index = IntervalIndex(ALawEdges, magnitude);
        int code = sample >= 0 ? 0x80 | index : index;
        return (byte)(code ^ 0x55);
    }

    public static short ALawDecode(byte code)
    {
        int raw = code ^ 0x55;
        int index = raw & 0x7F;
        int value = (ALawEdges[index] + ALawEdges[index + 1]) / 2;
        return (short)((raw & 0x80) != 0 ? value : -value);
    }

    private static int IntervalIndex(int[] edges, int magnitude)
    {
        for (int i = edges.Length - 2; i >= 0; i--)
        {
            if (magnitude >= edges[i])
            {
                return i;
            }
        }

        return 0;
    }

    private static int[] BuildMuLawEdges()
    {
        var edges = new List<int> { 0, 4 };
        for (int segment = 0; segment < 8; segment++)
        {
            int step = 8 << segment;
            int intervals = segment == 0 ? 15 : 16;
            for (int i = 0; i < intervals; i++)
            {
                edges.Add(edges[^1] + step);
            }
        }

        return [.. edges];
    }

    private static int[] BuildALawEdges()
    {
        var edges = new List<int> { 0 };
        for (int segment = 0; segment < 8; segment++)
        {
            int step = segment <= 1 ? 16 : 16 << (segment - 1);
            for (int i = 0; i < 16; i++)
            {
                edges.Add(edges[^1] + step);
            }
        }

        return [.. edges];
    }
}
