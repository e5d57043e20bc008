namespace Switchboard.Speech.Flite;

/// <summary>The flite voices shipped by Debian's <c>libflite1</c> that we expose.</summary>
public enum FliteVoice
{
    /// <summary>cmu_us_slt: female US English, clustergen, 16 kHz output.</summary>
    Slt = 0,

    /// <summary>cmu_us_kal: male US English, diphone, 8 kHz output (telephone band).</summary>
    Kal = 1,
}
