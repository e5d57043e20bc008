namespace Switchboard.Speech.PocketSphinx;

/// <summary>Construction options of <see cref="PocketSphinxSpeechToTextClient"/>.</summary>
/// <remarks>Read once by the constructor; later changes have no effect.</remarks>
public sealed class PocketSphinxSpeechToTextClientOptions
{
    /// <summary>Default location of Debian's <c>pocketsphinx-en-us</c> model.</summary>
    public const string DebianModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>
    /// Folder holding <c>en-us/</c> (acoustic model), <c>en-us.lm.bin</c> and <c>cmudict-en-us.dict</c>.
    /// </summary>
    public string ModelDirectory { get; set; } = DebianModelDirectory;

    /// <summary>Number of warm decoders (concurrent recognitions); 1 to 64. Each holds tens of MB.</summary>
    public int PoolSize { get; set; } = 2;

    /// <summary>
    /// Keyword-spotting threshold per hint word (pocketsphinx kws threshold; smaller detects more, with more false
    /// alarms). Between 1e-50 and 1.
    /// </summary>
    public double KeywordThreshold { get; set; } = 1e-10;

    /// <summary>
    /// Silence after which pocketsphinx's own voice activity detector ends an utterance and the final of what was said
    /// is produced (pocketsphinx <c>-vad_postspeech</c>, in 10 ms frames; its default is 500 ms). Shorter than the
    /// call's endpointing silence, so the final is decoded while the endpointing still waits instead of after it; too
    /// short splits phrases at pauses between words (each part is still a final, but the language model sees less
    /// context). Between 100 ms and 2 s.
    /// </summary>
    public TimeSpan EndOfUtteranceSilence { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The agent's boosted keywords, spotted in every utterance (see <see cref="SpeechHints"/>).</summary>
    public IList<string> Keywords { get; } = [];
}
