namespace Switchboard.Speech.PocketSphinx;

// Ending an utterance ahead of time at a pause, and taking it back when the speaker goes on (see
// PocketSphinxSpeechToTextClientOptions.EarlyFinalSilence).
internal sealed partial class PocketSphinxDecoder
{
    /// <summary>Times <see cref="EndUtteranceSpeculatively"/> was called (diagnostics and tests).</summary>
    internal int SpeculativeEnds { get; private set; }

    /// <summary>Times <see cref="ResumeUtterance"/> re-decoded a speculatively ended utterance (diagnostics and tests).</summary>
    internal int Resumes { get; private set; }

    /// <summary>True between <see cref="EndUtteranceSpeculatively"/> and the next <see cref="StartUtterance"/> or <see cref="ResumeUtterance"/>.</summary>
    internal bool IsSpeculating => _speculativeLength >= 0;

    /// <summary>
    /// Ends the utterance at a pause and returns its final hypothesis (plus the hints spotted in it), but keeps its audio
    /// and the cepstral mean it started with, and starts a new utterance that goes on collecting audio: if speech
    /// resumes, <see cref="ResumeUtterance"/> decodes everything again as one utterance, so a pause shorter than the
    /// real end of the utterance never splits it (the language model keeps its context).
    /// </summary>
    /// <remarks>
    /// The hints are spotted over the utterance followed by <paramref name="tailSamples"/> of silence: the kws search
    /// needs frames after a phrase that ends the utterance, and a final taken at the end of the utterance would have had
    /// that much silence behind it.
    /// </remarks>
    internal string EndUtteranceSpeculatively(IReadOnlyList<string> phrases, int tailSamples, out List<string> detected)
    {
        string text = EndUtterance();
        detected = Spot(phrases, tailSamples);
        _speculativeLength = _utteranceLength;
        SpeculativeEnds++;
        Snapshot(_cmnAtNext);
        Check(PocketSphinxNative.StartUtt(_handle), "ps_start_utt");
        _inUtterance = true;
        _lastPartialLength = 0;
        return text;
    }

    /// <summary>
    /// Speech went on after <see cref="EndUtteranceSpeculatively"/>: drops the speculative result and decodes the
    /// utterance's audio so far again, from the cepstral mean it started with, as one utterance.
    /// </summary>
    internal unsafe void ResumeUtterance()
    {
        if (_speculativeLength < 0)
        {
            return;
        }

        _ = PocketSphinxNative.EndUtt(_handle);
        RestoreAdaptation();
        Check(PocketSphinxNative.StartUtt(_handle), "ps_start_utt");
        _speculativeLength = -1;
        _lastPartialLength = 0;
        Resumes++;
        if (_utteranceLength > 0)
        {
            fixed (short* p = _utterance)
            {
                Check(PocketSphinxNative.ProcessRaw(_handle, p, (nuint)_utteranceLength, 0, 0), "ps_process_raw");
            }
        }
    }

    /// <summary>
    /// The pause has lasted long enough to be a real end: the speculative result stands, and the audio collected since
    /// becomes the start of the next utterance.
    /// </summary>
    internal void CommitSpeculativeEnd()
    {
        if (_speculativeLength < 0)
        {
            return;
        }

        _cmnAtNext.CopyTo(_cmnAtStart.AsSpan());
        int kept = _utteranceLength - _speculativeLength;
        _utterance.AsSpan(_speculativeLength, kept).CopyTo(_utterance);
        _utteranceLength = kept;
        _speculativeLength = -1;
    }

    private void SnapshotAdaptation() => Snapshot(_cmnAtStart);

    private void Snapshot(float[] into) => CmnLive(into, set: false);

    private void RestoreAdaptation() => CmnLive(_cmnAtStart, set: true);
}
