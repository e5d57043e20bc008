// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Wav;
using Switchboard.Speech.Flite;

namespace Switchboard.Speech.Cloud;

/// <summary>
/// The output format a cloud TTS request asks for, read from <see cref="TextToSpeechOptions.AudioFormat"/> exactly
/// as the flite client reads it ("audio/wav" by default, or "audio/pcm"), plus an optional <c>rate=N</c> parameter.
/// </summary>
internal readonly record struct CloudAudioFormat(bool Wav, int SampleRate)
{
    /// <exception cref="ArgumentException">The format or rate is not supported.</exception>
    internal static CloudAudioFormat Parse(TextToSpeechOptions? options, int defaultRate)
    {
        string? format = options?.AudioFormat;
        if (string.IsNullOrWhiteSpace(format))
        {
            return new CloudAudioFormat(true, defaultRate);
        }

        string[] parts = format.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        bool wav = parts.Length == 0 ? true : parts[0].ToLowerInvariant() switch
        {
            "wav" or FliteTextToSpeechClient.WavMediaType or "audio/x-wav" or "audio/wave" => true,
            "pcm" or FliteTextToSpeechClient.PcmMediaType or "audio/l16" => false,
            _ => throw new ArgumentException(
                $"Unsupported audio format '{format}'; use \"{FliteTextToSpeechClient.WavMediaType}\" or \"{FliteTextToSpeechClient.PcmMediaType}\", optionally with \";rate=N\".",
                nameof(options)),
        };

        int rate = defaultRate;
        for (int i = 1; i < parts.Length; i++)
        {
            if (parts[i].StartsWith("rate=", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(parts[i].AsSpan(5), out rate) || !AudioSampleRates.IsSupported(rate))
                {
                    throw new ArgumentException($"Unsupported output rate in '{format}'; use 8000, 16000, 24000 or 48000.", nameof(options));
                }
            }
        }

        return new CloudAudioFormat(wav, rate);
    }

    /// <summary>Packs PCM16 samples as the requested content (a complete WAV file, or raw little-endian PCM16).</summary>
    internal DataContent Encode(ReadOnlySpan<short> samples)
    {
        if (Wav)
        {
            using var stream = new MemoryStream((samples.Length * 2) + 64);
            WavWriter.Write(stream, samples, SampleRate);
            return new DataContent(stream.ToArray(), FliteTextToSpeechClient.WavMediaType);
        }

        return new DataContent(MemoryMarshal.AsBytes(samples).ToArray(), $"{FliteTextToSpeechClient.PcmMediaType};rate={SampleRate}");
    }
}
