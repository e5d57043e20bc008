namespace Switchboard.Audio.Dtmf;

/// <summary>Which check decided the fate of one 10 ms analysis block.</summary>
internal enum BlockVerdict
{
    None,
    Energy,
    Level,
    Twist,
    RelativePeak,
    EnergyShare,
    Harmonic,
    Frequency,
    Digit,
}
