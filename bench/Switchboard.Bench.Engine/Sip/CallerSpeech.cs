using Switchboard.Audio.Resampling;
using Switchboard.Speech.Flite;

namespace Switchboard.Bench.Engine.Sip;

/// <summary>The caller's utterance for the SIP modes: flite at 16 kHz, narrowed to 8 kHz, trimmed to its voiced frames.</summary>
internal static class CallerSpeech
{
    public const string Phrase = "i would like to book a cleaning appointment for next tuesday";

    /// <summary>
    /// Whole 20 ms frames from the first to the last voiced one, so "the last packet of the caller's speech" is a
    /// packet that carries speech, not flite's trailing silence (which would count as endpointing already done).
    /// </summary>
    public static async Task<short[]> CreateAsync(FliteTextToSpeechClient flite)
    {
        var wide = await Speech.SamplesAsync(flite, Phrase).ConfigureAwait(false);
        var resampler = new Resampler(16_000, 8000);
        var narrow = new short[resampler.MaxOutputLength(wide.Length)];
        var length = resampler.Process(wide, narrow);
        const int frame = 160;
        var frames = length / frame;
        var first = 0;
        while (first < frames && Rms(narrow.AsSpan(first * frame, frame)) <= BenchPhone.VoicedRms) first++;
        var last = frames - 1;
        while (last > first && Rms(narrow.AsSpan(last * frame, frame)) <= BenchPhone.VoicedRms) last--;
        if (first >= frames) throw new InvalidOperationException("flite produced no voiced audio for the caller's phrase.");
        return narrow.AsSpan(first * frame, (last - first + 1) * frame).ToArray();
    }

    /// <summary>How long flite (slt, 16 kHz) speaks <paramref name="text"/> before its first voiced 20 ms frame: part of every wire figure.</summary>
    public static async Task<TimeSpan> LeadingSilenceAsync(FliteTextToSpeechClient flite, string text)
    {
        var wide = await Speech.SamplesAsync(flite, text).ConfigureAwait(false);
        const int frame = 320;
        var first = 0;
        while ((first + 1) * frame <= wide.Length && Rms(wide.AsSpan(first * frame, frame)) <= BenchPhone.VoicedRms) first++;
        return TimeSpan.FromMilliseconds(first * 20);
    }

    private static double Rms(ReadOnlySpan<short> pcm)
    {
        double sum = 0;
        foreach (var s in pcm) sum += (double)s * s;
        return Math.Sqrt(sum / pcm.Length);
    }
}
