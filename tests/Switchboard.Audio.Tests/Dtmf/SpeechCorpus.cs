using System.Diagnostics;

namespace Switchboard.Audio.Tests.Dtmf;

/// <summary>
/// Speech for talk-off tests, synthesised at test time with flite and espeak-ng (several voices, languages, speeds
/// and pitches, over varied text) plus the recordings of Debian's pocketsphinx-testdata when installed.
/// Total duration comes from SWITCHBOARD_TALKOFF_SECONDS (default 600 s, which fits CI's time budget).
/// </summary>
internal static class SpeechCorpus
{
    private static readonly string[] Texts =
    [
        "Hello, thank you for calling Switchboard. Please say or press the number of your account.",
        "My number is five five five, one two three four, extension nine eight seven six.",
        "Zero one seven six, four three two one, eight eight nine nine, triple seven, double zero.",
        "Good morning! This is Margaret O'Connor from Saint Petersburg, calling about invoice 4 0 7 2.",
        "Anastasia, Bartholomew, Chidi, Dmitri, Esperanza, Fitzgerald, Guinevere, Hiroshi and Ingrid met in Reykjavik.",
        "The quick brown fox jumps over the lazy dog while the five boxing wizards jump quickly.",
        "I would like to book a table for seven people on the twenty third of November at half past eight in the evening, please.",
        "Whereas recognition of the inherent dignity and of the equal and inalienable rights of all members of the human family is the foundation of freedom, justice and peace in the world.",
        "Beep! Boop! Ding dong! Eeeeeh, ooooh, aaaah, hmmmm, mmmm-hmm, uh-huh, yes, yes, yes, no, no!",
        "Can you hear me now? How about now? Testing, testing, one, two, three, four, five, six, seven, eight, nine, ten.",
        "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.",
        "Please hold while I transfer you to the billing department; your call is important to us.",
        "Nine hundred ninety nine thousand, eight hundred seventy six point five four three two one.",
        "She sells seashells by the seashore, and the shells she sells are surely seashells.",
        "Guten Tag, meine Telefonnummer ist null eins sieben sechs, drei vier fünf sechs sieben acht.",
        "Bonjour, je voudrais parler au service client, mon numéro de commande est quatre deux sept neuf.",
        "Hola, buenas tardes, mi número de teléfono es seis uno dos, tres cuatro cinco, siete ocho nueve.",
    ];

    private static readonly string[] FliteVoices = ["slt", "kal", "awb", "rms", "kal16"];

    private static readonly (string Voice, int Speed, int Pitch)[] EspeakVoices =
    [
        ("en", 175, 50), ("en-us", 140, 30), ("en-us", 220, 80), ("en-gb", 160, 65), ("de", 170, 45),
        ("fr", 150, 70), ("es", 190, 40), ("en+f3", 165, 60), ("en+m7", 130, 20), ("it", 180, 55),
    ];

    private static readonly Lazy<List<(short[] Samples, int Rate, string Source)>> Utterances = new(Build);

    public static int TargetSeconds =>
        int.TryParse(Environment.GetEnvironmentVariable("SWITCHBOARD_TALKOFF_SECONDS"), out int s) && s > 0 ? s : 600;

    public static List<(short[] Samples, int Rate, string Source)> Get() => Utterances.Value;

    public static string? MissingTool()
    {
        foreach (string tool in new[] { "flite", "espeak-ng" })
        {
            if (!File.Exists($"/usr/bin/{tool}") && !File.Exists($"/usr/local/bin/{tool}"))
            {
                return tool;
            }
        }

        return null;
    }

    private static List<(short[] Samples, int Rate, string Source)> Build()
    {
        var list = new List<(short[], int, string)>();
        double total = 0;
        foreach (string wav in PocketsphinxRecordings())
        {
            (short[] s, int rate) = PcmFiles.ReadWav(wav);
            list.Add((s, rate, Path.GetFileName(wav)));
            total += (double)s.Length / rate;
        }

        string dir = Path.Combine(Path.GetTempPath(), "switchboard-talkoff-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            int n = 0;
            while (total < TargetSeconds)
            {
                string text = Texts[n % Texts.Length];
                string file = Path.Combine(dir, $"u{n}.wav");
                string source;
                if (n % 2 == 0)
                {
                    string voice = FliteVoices[(n / 2) % FliteVoices.Length];
                    Run("flite", ["-voice", voice, "-t", text, "-o", file]);
                    source = $"flite {voice}";
                }
                else
                {
                    (string voice, int speed, int pitch) = EspeakVoices[(n / 2) % EspeakVoices.Length];
                    Run("espeak-ng", ["-v", voice, "-s", speed.ToString(), "-p", pitch.ToString(), "-w", file, text]);
                    source = $"espeak-ng {voice} -s {speed} -p {pitch}";
                }

                (short[] s, int rate) = PcmFiles.ReadWav(file);
                list.Add((s, rate, $"{source}: \"{text[..Math.Min(30, text.Length)]}...\""));
                total += (double)s.Length / rate;
                File.Delete(file);
                n++;
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return list;
    }

    /// <summary>One espeak-ng utterance, synthesised the way <see cref="Get"/> does it.</summary>
    public static (short[] Samples, int Rate) Espeak(string voice, int speed, int pitch, string text)
    {
        string file = Path.Combine(Path.GetTempPath(), $"switchboard-espeak-{Environment.ProcessId}-{Guid.NewGuid():N}.wav");
        try
        {
            Run("espeak-ng", ["-v", voice, "-s", speed.ToString(), "-p", pitch.ToString(), "-w", file, text]);
            return PcmFiles.ReadWav(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<string> PocketsphinxRecordings()
    {
        const string Root = "/usr/share/pocketsphinx/test/data";
        return Directory.Exists(Root)
            ? Directory.EnumerateFiles(Root, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
    }

    private static void Run(string tool, string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({p.ExitCode}): {err}");
        }
    }
}
