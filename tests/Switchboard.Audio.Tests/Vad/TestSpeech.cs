using System.Collections.Concurrent;

namespace Switchboard.Audio.Tests.Vad;

/// <summary>
/// Synthesises real speech with flite and espeak-ng, converted by sox to the rate a test needs, and
/// builds test signals from it. Generated files are cached per test run.
/// </summary>
internal static class TestSpeech
{
    // Shared across runs: files are named by content key and published atomically, so concurrent runs agree.
    private static readonly string CacheDir = Path.Combine(Path.GetTempPath(), "switchboard-audio-tests");
    private static readonly ConcurrentDictionary<string, Lazy<short[]>> Cache = new();

    public static readonly string[] Sentences =
    [
        "Hello, thank you for calling. How can I help you today?",
        "I would like to check the status of my order, please.",
        "The quick brown fox jumps over the lazy dog.",
        "Please hold while I transfer your call to the next available agent.",
    ];

    /// <summary>Speech from flite (voice kal, slt, awb or rms) at the given rate.</summary>
    public static short[] Flite(string text, int sampleRate, string voice = "kal") =>
        Generate($"flite-{voice}", text, sampleRate, raw => ExternalTools.Run("flite", "-voice", voice, "-t", text, "-o", raw));

    /// <summary>Speech from espeak-ng (voice en-us, en, ...) at the given rate.</summary>
    public static short[] Espeak(string text, int sampleRate, string voice = "en-us") =>
        Generate($"espeak-{voice}", text, sampleRate, raw => ExternalTools.Run("espeak-ng", "-v", voice, "-w", raw, text));

    /// <summary>Index of the first and one past the last sample above 1% of full scale.</summary>
    public static (int Start, int End) ActiveRange(ReadOnlySpan<short> samples)
    {
        const int Threshold = 328;
        int start = 0;
        while (start < samples.Length && Math.Abs((int)samples[start]) < Threshold)
        {
            start++;
        }

        int end = samples.Length;
        while (end > start && Math.Abs((int)samples[end - 1]) < Threshold)
        {
            end--;
        }

        return (start, end);
    }

    /// <summary>Returns only the active part of an utterance, so that test timing is defined by the test.</summary>
    public static short[] Trim(short[] samples)
    {
        (int start, int end) = ActiveRange(samples);
        return samples[start..end];
    }

    /// <summary>Adds white noise with a seeded generator at the given RMS level in dBFS.</summary>
    public static void AddWhiteNoise(Span<short> samples, double rmsDbfs, int seed)
    {
        var random = new Random(seed);
        double rms = 32768.0 * Math.Pow(10, rmsDbfs / 20);

        // Uniform noise has RMS = amplitude / sqrt(3).
        double amplitude = rms * Math.Sqrt(3);
        for (int i = 0; i < samples.Length; i++)
        {
            double value = samples[i] + (((random.NextDouble() * 2) - 1) * amplitude);
            samples[i] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
        }
    }

    public static double RmsDbfs(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }

        return 10 * Math.Log10((sum / Math.Max(1, samples.Length)) + 1e-9) - (20 * Math.Log10(32768));
    }

    public static short[] Tone(double frequency, int sampleRate, double seconds, double amplitude = 0.5, double frequency2 = 0)
    {
        var result = new short[(int)(seconds * sampleRate)];
        for (int i = 0; i < result.Length; i++)
        {
            double t = (double)i / sampleRate;
            double v = Math.Sin(2 * Math.PI * frequency * t);
            if (frequency2 > 0)
            {
                v = (v + Math.Sin(2 * Math.PI * frequency2 * t)) / 2;
            }

            result[i] = (short)Math.Round(v * amplitude * 32767);
        }

        return result;
    }

    private static short[] Generate(string engine, string text, int sampleRate, Action<string> synthesise)
    {
        string key = $"{engine}|{sampleRate}|{text}";
        return Cache.GetOrAdd(key, k => new Lazy<short[]>(() =>
        {
            Directory.CreateDirectory(CacheDir);
            string name = $"{engine}-{sampleRate}-{(uint)StableHash(k):x8}";
            string converted = Path.Combine(CacheDir, name + ".wav");
            if (!File.Exists(converted))
            {
                string unique = $"{name}.{Environment.ProcessId}.{Guid.NewGuid():N}";
                string raw = Path.Combine(CacheDir, unique + ".raw.wav");
                string temporary = Path.Combine(CacheDir, unique + ".wav");
                synthesise(raw);
                ExternalTools.Run("sox", raw, "-r", sampleRate.ToString(), "-c", "1", "-b", "16", "-e", "signed-integer", temporary);
                File.Delete(raw);
                File.Move(temporary, converted, overwrite: true);
            }

            (short[] samples, int rate) = TestWav.Read(converted);
            Assert.Equal(sampleRate, rate);
            return samples;
        })).Value;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s)
            {
                h = (h ^ c) * 16777619;
            }

            return h;
        }
    }
}
