namespace Switchboard.Audio.Vad;

internal static class VadSampleRates
{
    public static void Validate(int sampleRate, string paramName)
    {
        if (sampleRate is not (8000 or 16000))
        {
            throw new ArgumentOutOfRangeException(paramName, sampleRate, "Voice activity detection supports 8000 Hz and 16000 Hz only; resample first.");
        }
    }

    public static int ToSamples(TimeSpan duration, int sampleRate) =>
        checked((int)(duration.Ticks * sampleRate / TimeSpan.TicksPerSecond));
}
