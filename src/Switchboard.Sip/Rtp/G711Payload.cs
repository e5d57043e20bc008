using Switchboard.Audio.G711;

namespace Switchboard.Sip.Rtp;

/// <summary>Picks µ-law or A-law for a session's payload. Stateless; thread-safe; allocation-free.</summary>
internal static class G711Payload
{
    public static void Encode(bool alaw, ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        if (alaw)
        {
            ALaw.Encode(pcm, destination);
        }
        else
        {
            MuLaw.Encode(pcm, destination);
        }
    }

    public static void Decode(bool alaw, ReadOnlySpan<byte> codes, Span<short> destination)
    {
        if (alaw)
        {
            ALaw.Decode(codes, destination);
        }
        else
        {
            MuLaw.Decode(codes, destination);
        }
    }

    public static byte Silence(bool alaw) => alaw ? ALaw.Encode(0) : MuLaw.Encode(0);
}
