using Switchboard.Audio.Resampling;
using Switchboard.Audio.Wav;

namespace Switchboard.Server.Cli;

/// <summary>Reading and converting the WAV files the audio verbs take, with one-line errors.</summary>
internal static class AudioFiles
{
    public static WavAudio Read(string path)
    {
        if (!File.Exists(path)) throw new CliException($"{path}: no such file.");
        try
        {
            using var stream = File.OpenRead(path);
            return WavReader.Read(stream);
        }
        catch (WavFormatException ex)
        {
            throw new CliException($"{path}: {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new CliException($"{path}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"{path}: {ex.Message}");
        }
    }

    public static short[] Resample(short[] samples, int from, int to)
    {
        if (from == to) return samples;
        Resampler resampler;
        try
        {
            resampler = new Resampler(from, to);
        }
        catch (ArgumentException)
        {
            throw new CliException($"Cannot resample from {from} Hz to {to} Hz: supported rates are 8000, 16000, 24000 and 48000.");
        }
        var output = new short[resampler.MaxOutputLength(samples.Length)];
        var n = resampler.Process(samples, output);
        return output[..n];
    }
}
