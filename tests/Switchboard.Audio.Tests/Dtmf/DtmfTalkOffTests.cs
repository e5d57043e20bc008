using Switchboard.Audio.Dtmf;
using Xunit.Abstractions;

namespace Switchboard.Audio.Tests.Dtmf;

/// <summary>Talk-off: no digit may be detected in speech or music-like signals.</summary>
public sealed class DtmfTalkOffTests(ITestOutputHelper output)
{
    private static bool RequireServices => Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1";

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void No_digits_in_synthesised_and_recorded_speech(int sampleRate)
    {
        if (SpeechCorpus.MissingTool() is { } missing)
        {
            Assert.False(RequireServices, $"{missing} is required (apt-get install -y flite espeak-ng pocketsphinx-testdata)");
            output.WriteLine($"SKIPPED: {missing} is not installed (apt-get install -y flite espeak-ng pocketsphinx-testdata)");
            return;
        }

        var falses = new List<string>();
        double seconds = 0;
        foreach ((short[] samples, int rate, string source) in SpeechCorpus.Get())
        {
            short[] pcm = PcmFiles.Resample(samples, rate, sampleRate);
            seconds += (double)pcm.Length / sampleRate;

            // Speech at its natural level and 12 dB hotter (clipping included): talk-off must not depend on level.
            foreach (double gain in new[] { 1.0, 4.0 })
            {
                short[] scaled = Scale(pcm, gain);
                foreach (DtmfDigitEvent e in DtmfTestSignals.Detect(scaled, sampleRate))
                {
                    falses.Add($"{e.Digit} at {e.Start.TotalSeconds:F2}s ({e.Duration.TotalMilliseconds} ms), gain {gain}, in {source}");
                }
            }
        }

        output.WriteLine($"Talk-off at {sampleRate} Hz: {seconds / 60:F1} minutes of speech, tested at 2 levels ({2 * seconds / 60:F1} minutes in all); {falses.Count} false digits.");
        Assert.True(falses.Count == 0, string.Join("\n", falses));
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    public void No_digits_in_chords_sweeps_and_speech_over_music(int sampleRate)
    {
        var falses = new List<string>();
        foreach ((string name, short[] pcm) in MusicLikeSignals.All(sampleRate))
        {
            foreach (DtmfDigitEvent e in DtmfTestSignals.Detect(pcm, sampleRate))
            {
                falses.Add($"{e.Digit} at {e.Start.TotalSeconds:F2}s in {name}");
            }
        }

        if (SpeechCorpus.MissingTool() is null)
        {
            // Speech over a chord bed.
            int mixed = 0;
            short[] bed = MusicLikeSignals.ChordProgression(sampleRate, 30);
            foreach ((short[] samples, int rate, string source) in SpeechCorpus.Get().Take(20))
            {
                short[] speech = PcmFiles.Resample(samples, rate, sampleRate);
                var mix = new short[speech.Length];
                for (int i = 0; i < mix.Length; i++)
                {
                    mix[i] = (short)Math.Clamp(speech[i] + (bed[i % bed.Length] / 3), -32767, 32767);
                }

                mixed++;
                foreach (DtmfDigitEvent e in DtmfTestSignals.Detect(mix, sampleRate))
                {
                    falses.Add($"{e.Digit} at {e.Start.TotalSeconds:F2}s in speech+music ({source})");
                }
            }

            output.WriteLine($"{mixed} speech+music mixes tested.");
        }

        Assert.True(falses.Count == 0, string.Join("\n", falses));
    }

    private static short[] Scale(short[] pcm, double gain)
    {
        if (gain == 1.0)
        {
            return pcm;
        }

        var result = new short[pcm.Length];
        for (int i = 0; i < pcm.Length; i++)
        {
            result[i] = (short)Math.Clamp(pcm[i] * gain, -32767, 32767);
        }

        return result;
    }
}
