using Switchboard.Audio.G711;
using Switchboard.Bench.Audio.Benchmarks;
using Switchboard.Bench.Audio.Dtmf;
using Switchboard.Bench.Audio.Native;
using Switchboard.Bench.Audio.Signals;

namespace Switchboard.Bench.Audio.Quality;

/// <summary>
/// The <c>verify</c> command: proves the P/Invoke signatures are right and the comparisons fair by checking that the
/// C references compute what ours computes (G.711 over every input) and that every DTMF detector finds the digits.
/// </summary>
internal static class ReferenceChecks
{
    public static int Run(TextWriter output)
    {
        int failures = 0;
        failures += CheckG711(output, "mu-law", SpanDsp.G711ULaw, MuLaw.Encode, MuLaw.Decode);
        failures += CheckG711(output, "A-law", SpanDsp.G711ALaw, ALaw.Encode, ALaw.Decode);
        short[] signal = DtmfBenchmarks.CreateSignal();
        foreach (var candidate in DtmfCandidates.All)
        {
            using var detector = candidate.Create();
            for (int offset = 0; offset + 160 <= signal.Length; offset += 160)
            {
                detector.Process(signal.AsSpan(offset, 160));
            }

            string digits = detector.TakeDigits();
            bool ok = digits == TestSignals.DtmfDigits;
            output.WriteLine($"DTMF {candidate.Name}: found \"{digits}\", expected \"{TestSignals.DtmfDigits}\": {(ok ? "OK" : "FAIL")}");
            failures += ok ? 0 : 1;
        }

        return failures;
    }

    private static int CheckG711(
        TextWriter output, string name, int mode, G711Encoder encode, G711Decoder decode)
    {
        using var reference = new SpanDspG711(mode);
        var pcm = new short[65536];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(i - 32768);
        }

        var oursCodes = new byte[pcm.Length];
        var refCodes = new byte[pcm.Length];
        encode(pcm, oursCodes);
        int produced = reference.Encode(pcm, refCodes);
        int encodeDiffs = 0;
        int maxStep = 0;
        for (int i = 0; i < pcm.Length; i++)
        {
            if (oursCodes[i] != refCodes[i])
            {
                encodeDiffs++;
            }
        }

        var codes = new byte[256];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = (byte)i;
        }

        var oursPcm = new short[256];
        var refPcm = new short[256];
        decode(codes, oursPcm);
        int decoded = reference.Decode(codes, refPcm);
        int decodeDiffs = 0;
        for (int i = 0; i < codes.Length; i++)
        {
            if (oursPcm[i] != refPcm[i])
            {
                decodeDiffs++;
                maxStep = Math.Max(maxStep, Math.Abs(oursPcm[i] - refPcm[i]));
            }
        }

        // Encoders may legitimately differ on decision boundaries (see MuLaw's remarks); decoders must agree exactly.
        bool ok = produced == pcm.Length && decoded == codes.Length && decodeDiffs == 0;
        output.WriteLine($"G.711 {name}: encode differs on {encodeDiffs} of 65536 inputs; decode differs on {decodeDiffs} of 256 codes (max {maxStep}): {(ok ? "OK" : "FAIL")}");
        return ok ? 0 : 1;
    }

    private delegate void G711Encoder(ReadOnlySpan<short> pcm, Span<byte> codes);

    private delegate void G711Decoder(ReadOnlySpan<byte> codes, Span<short> pcm);
}
