using System.Buffers.Binary;

namespace Switchboard.Audio.Tests.Dtmf;

/// <summary>Just enough WAV reading and resampling for the talk-off corpus (mono PCM16 only).</summary>
internal static class PcmFiles
{
    public static (short[] Samples, int SampleRate) ReadWav(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != 0x46464952)
        {
            throw new InvalidDataException($"{path} is not a RIFF file.");
        }

        int rate = 0;
        int channels = 0;
        int pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos));
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            if (id == 0x20746d66)
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 10));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 12));
            }
            else if (id == 0x61746164)
            {
                // Streamed WAVs (espeak-ng writing to a pipe) leave the data size unset; take what is there.
                int length = size <= 0 || pos + 8 + size > bytes.Length ? bytes.Length - pos - 8 : size;
                var samples = new short[length / 2 / Math.Max(1, channels)];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 8 + (i * 2 * channels)));
                }

                return (samples, rate);
            }

            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }

    /// <summary>Windowed-sinc resampler; slow and simple, good enough to feed a detector.</summary>
    public static short[] Resample(short[] input, int fromRate, int toRate)
    {
        if (fromRate == toRate)
        {
            return input;
        }

        const int HalfTaps = 16;
        double ratio = (double)toRate / fromRate;
        double cutoff = Math.Min(1.0, ratio) * 0.92;
        var output = new short[(int)(input.Length * ratio)];
        for (int i = 0; i < output.Length; i++)
        {
            double center = i / ratio;
            int c = (int)center;
            double sum = 0;
            for (int k = c - HalfTaps + 1; k <= c + HalfTaps; k++)
            {
                if ((uint)k >= (uint)input.Length)
                {
                    continue;
                }

                double x = (k - center) * cutoff;
                double sinc = Math.Abs(x) < 1e-9 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
                double window = 0.5 + (0.5 * Math.Cos(Math.PI * (k - center) / HalfTaps));
                sum += input[k] * sinc * window * cutoff;
            }

            output[i] = (short)Math.Clamp(Math.Round(sum), -32767, 32767);
        }

        return output;
    }
}
