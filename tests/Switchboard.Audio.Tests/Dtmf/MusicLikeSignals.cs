namespace Switchboard.Audio.Tests.Dtmf;

/// <summary>
/// Music-like test signals: chords of 3–4 notes with harmonics (including notes a few tenths of a percent from DTMF
/// frequencies, such as F5 = 698.5 Hz and F♯6 = 1480 Hz), single and crossing sweeps.
/// </summary>
internal static class MusicLikeSignals
{
    // Equal-temperament notes (MIDI numbers) chosen near DTMF rows and columns, and a few ordinary ones.
    private static readonly int[][] Chords =
    [
        [77, 81, 84, 90],   // F5 (698.5) A5 C6 F#6 (1480): F5 + F#6 alone would be digit 3
        [79, 83, 86, 88],   // G5 (784) B5 D6 E6 (1318.5)
        [82, 86, 89, 92],   // A#5 (932) D6 F6 G#6 (1661)
        [77, 80, 84],       // F5 G#5 C6
        [60, 64, 67, 72],   // C major, low
        [69, 73, 76, 81],   // A major
        [78, 82, 85, 90],   // F#5 A#5 C#6 F#6
        [81, 85, 88, 91],   // A5 C#6 E6 G6
    ];

    public static IEnumerable<(string Name, short[] Pcm)> All(int sampleRate)
    {
        foreach (int[] chord in Chords)
        {
            foreach (int harmonics in new[] { 1, 3 })
            {
                yield return ($"chord {string.Join('+', chord)} ×{harmonics} harmonics", Chord(sampleRate, chord, harmonics, 1.5));
            }
        }

        yield return ("chord progression", ChordProgression(sampleRate, 20));
        yield return ("log sweep 300-3400 Hz", Sweep(sampleRate, 300, 3400, 4, 4, false));

        // Two sweeps in opposite directions pass through DTMF pairs (their product is near 697 × 1477); slower than
        // about 0.5 decade/s they would dwell long enough inside the ±1.5 % window to be a real digit, so these run
        // at 0.25 s per sweep and must stay below the 23 ms rejection limit.
        yield return ("fast crossing sweeps", Sweep(sampleRate, 600, 1700, 3, 0.25, true));
        yield return ("slow sweep with harmonics", SweepWithHarmonics(sampleRate, 200, 1000, 6));
    }

    public static short[] ChordProgression(int sampleRate, double seconds)
    {
        var result = new List<short>();
        int i = 0;
        while (result.Count < seconds * sampleRate)
        {
            result.AddRange(Chord(sampleRate, Chords[i % Chords.Length], 1 + (i % 4), 0.4 + (0.1 * (i % 5))));
            i++;
        }

        return [.. result];
    }

    private static double NoteHz(int midi) => 440.0 * Math.Pow(2, (midi - 69) / 12.0);

    private static short[] Chord(int sampleRate, int[] notes, int harmonics, double seconds)
    {
        var pcm = new short[(int)(seconds * sampleRate)];
        double amplitude = 9000.0 / notes.Length;
        for (int n = 0; n < pcm.Length; n++)
        {
            double t = (double)n / sampleRate;

            // Piano-like envelope: quick attack, slow decay.
            double env = Math.Min(1.0, t / 0.01) * Math.Exp(-t * 1.5);
            double v = 0;
            foreach (int note in notes)
            {
                for (int h = 1; h <= harmonics; h++)
                {
                    double f = NoteHz(note) * h;
                    if (f < sampleRate / 2.0)
                    {
                        v += amplitude / h * Math.Sin(2 * Math.PI * f * t);
                    }
                }
            }

            pcm[n] = (short)Math.Clamp(v * env, -32767, 32767);
        }

        return pcm;
    }

    private static short[] Sweep(int sampleRate, double from, double to, double seconds, double period, bool crossing)
    {
        int periodSamples = (int)(period * sampleRate);
        var pcm = new short[(int)(seconds * sampleRate)];
        double phaseA = 0;
        double phaseB = 0;
        for (int n = 0; n < pcm.Length; n++)
        {
            double x = (double)(n % periodSamples) / periodSamples;
            double fA = from * Math.Pow(to / from, x);
            double fB = to * Math.Pow(from / to, x);
            phaseA += 2 * Math.PI * fA / sampleRate;
            phaseB += 2 * Math.PI * fB / sampleRate;
            double v = 8000 * Math.Sin(phaseA);
            if (crossing)
            {
                v += 8000 * Math.Sin(phaseB);
            }

            pcm[n] = (short)v;
        }

        return pcm;
    }

    private static short[] SweepWithHarmonics(int sampleRate, double from, double to, double seconds)
    {
        var pcm = new short[(int)(seconds * sampleRate)];
        double phase = 0;
        for (int n = 0; n < pcm.Length; n++)
        {
            double f = from + ((to - from) * n / pcm.Length);
            phase += 2 * Math.PI * f / sampleRate;
            double v = 0;
            for (int h = 1; h <= 6 && f * h < sampleRate / 2.0; h++)
            {
                v += 5000.0 / h * Math.Sin(h * phase);
            }

            pcm[n] = (short)v;
        }

        return pcm;
    }
}
