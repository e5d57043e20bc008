using System.Globalization;
using Switchboard.Audio.G711;

namespace Switchboard.Sip.Tests.Echo;

/// <summary>The load bench's SIPp scenario (bench/sip-load/uac-echo-load.xml) and its audio, set up in a scratch directory.</summary>
internal static class EchoLoadScenarioFiles
{
    /// <summary>A new temporary directory holding the scenario and the audio file it streams.</summary>
    public static async Task<string> PrepareAsync(string prefix)
    {
        string directory = Directory.CreateTempSubdirectory(prefix).FullName;
        File.Copy(Path.Combine(RepositoryRoot(), "bench", "sip-load", "uac-echo-load.xml"), Path.Combine(directory, "uac-echo-load.xml"));
        await File.WriteAllBytesAsync(Path.Combine(directory, "echo-load.ulaw"), ToneMuLaw());
        return directory;
    }

    /// <summary>The last row of SIPp's statistics CSV, by column name.</summary>
    public static Dictionary<string, string> LastRow(string csv)
    {
        Assert.True(File.Exists(csv), "SIPp wrote no statistics file");
        string[] lines = [.. File.ReadAllLines(csv).Where(l => l.Length > 0)];
        string[] header = lines[0].TrimEnd(';').Split(';');
        string[] values = lines[^1].TrimEnd(';').Split(';');
        return header.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    public static int Count(Dictionary<string, string> row, string column) => int.Parse(row[column], CultureInfo.InvariantCulture);

    /// <summary>One second of a 440 Hz tone in G.711 mu-law, the raw format SIPp's rtp_stream plays.</summary>
    private static byte[] ToneMuLaw()
    {
        var pcm = new short[8000];
        for (int n = 0; n < pcm.Length; n++)
        {
            pcm[n] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * n / 8000.0));
        }

        var codes = new byte[pcm.Length];
        MuLaw.Encode(pcm, codes);
        return codes;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Switchboard.slnx")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("Switchboard.slnx not found above " + AppContext.BaseDirectory);
    }
}
