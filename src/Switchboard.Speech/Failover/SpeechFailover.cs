namespace Switchboard.Speech.Failover;

/// <summary>Keys the failover clients put in the <c>AdditionalProperties</c> of what they return.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class SpeechFailover
{
    /// <summary>
    /// Key, on every update and response a failover client returns, of the name of the provider that served it
    /// (its metadata's provider name, e.g. "deepgram" or "pocketsphinx").
    /// </summary>
    public const string ProviderKey = "switchboard.provider";
}
