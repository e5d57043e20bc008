namespace Switchboard.Audio.Dtmf;

/// <summary>The DTMF frequency plan (ITU-T Q.23) and the level convention shared by detector and generator.</summary>
internal static class DtmfTones
{
    public static readonly double[] RowFrequencies = [697.0, 770.0, 852.0, 941.0];

    public static readonly double[] ColumnFrequencies = [1209.0, 1336.0, 1477.0, 1633.0];

    // Row-major keypad layout: Keys[row * 4 + column].
    public const string Keys = "123A456B789C*0#D";

    // μ-law convention (G.711): a full-scale sine is +3.14 dBm0, so 0 dBm0 sits 3.14 dB below it.
    public static readonly double ZeroDbm0Amplitude = 32767.0 / Math.Pow(10.0, 3.14 / 20.0);

    public static double AmplitudeFromDbm0(double dbm0) => ZeroDbm0Amplitude * Math.Pow(10.0, dbm0 / 20.0);

    /// <summary>Mean-square value of a sine at the given level; what the detector's normalised bin power measures.</summary>
    public static double MeanSquareFromDbm0(double dbm0)
    {
        double a = AmplitudeFromDbm0(dbm0);
        return a * a / 2.0;
    }

    public static int IndexOf(char digit)
    {
        char upper = digit is >= 'a' and <= 'd' ? (char)(digit - 32) : digit;
        return Keys.IndexOf(upper, StringComparison.Ordinal);
    }
}
