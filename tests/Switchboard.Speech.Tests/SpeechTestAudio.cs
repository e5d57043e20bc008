using System.Runtime.InteropServices;
using Switchboard.Audio.Resampling;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;

namespace Switchboard.Speech.Tests;

/// <summary>Real audio from flite for the recognition tests, and one shared warm recogniser.</summary>
internal static class SpeechTestAudio
{
    private static readonly Lazy<PocketSphinxSpeechToTextClient> SharedRecognizer =
        new(() => new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 4 }));

    /// <summary>Created on first use so a missing library fails (or skips) only the tests that need it.</summary>
    internal static PocketSphinxSpeechToTextClient Recognizer => SharedRecognizer.Value;

    /// <summary>Speaks <paramref name="text"/> (slt by default) at, or resampled to, 16 kHz, with silence around it.</summary>
    internal static short[] Speak16k(string text, FliteVoice voice = FliteVoice.Slt)
    {
        short[] speech = FliteEngine.Synthesize(text, voice, out int rate);
        if (rate != 16000)
        {
            var resampler = new Resampler(rate, 16000);
            short[] up = new short[resampler.MaxOutputLength(speech.Length)];
            int n = resampler.Process(speech, up);
            speech = up.AsSpan(0, n).ToArray();
        }

        short[] padded = new short[speech.Length + 16000];
        speech.CopyTo(padded, 4000);
        return padded;
    }

    internal static MemoryStream RawStream(ReadOnlySpan<short> samples) => new(MemoryMarshal.AsBytes(samples).ToArray());

    /// <summary>Word error rate: word-level Levenshtein distance over the reference length.</summary>
    internal static double WordErrorRate(string reference, string hypothesis)
    {
        string[] r = reference.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] h = hypothesis.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int[,] d = new int[r.Length + 1, h.Length + 1];
        for (int i = 0; i <= r.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= h.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= r.Length; i++)
        {
            for (int j = 1; j <= h.Length; j++)
            {
                int substitution = d[i - 1, j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1);
                d[i, j] = Math.Min(substitution, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
            }
        }

        return (double)d[r.Length, h.Length] / r.Length;
    }
}
