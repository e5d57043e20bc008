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
    /// Silence after which an utterance's final is given and the next words start a new utterance (pocketsphinx
    /// <c>-vad_postspeech</c>; its default, 500 ms). Between <see cref="EarlyFinalSilence"/> and 2 s.
    /// </summary>
    public TimeSpan EndOfUtteranceSilence { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Quiet after which the final is decoded ahead of time (judged on the audio's level against the utterance's loudest
    /// 10 ms): the utterance is ended in the decoder at once, so the costly end-of-utterance search runs while the
    /// call's endpointing silence is
    /// still being counted, and its result is given as soon as the stream ends or the pause reaches
    /// <see cref="EndOfUtteranceSilence"/>. If the speaker goes on before that, the decoder decodes the utterance again
    /// from its start as one utterance, so the transcript is the one a single end-of-utterance would give. Between
    /// 100 ms and <see cref="EndOfUtteranceSilence"/>.
    /// </summary>
    public TimeSpan EarlyFinalSilence { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The agent's boosted keywords, spotted in every utterance (see <see cref="SpeechHints"/>).</summary>
    public IList<string> Keywords { get; } = [];
}
