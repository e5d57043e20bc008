using Switchboard.Speech.PocketSphinx;

namespace Switchboard.Speech.Tests.PocketSphinx;

public sealed class PocketSphinxLoggingTests
{
    /// <summary>
    /// sphinxbase logs through one process-wide <c>FILE*</c>. ps_init given <c>-logfn</c> opens a new one and closes
    /// the old one, which decoders on other threads may be writing to at that moment (a use after free that corrupted
    /// the heap once in CI, and under stress deadlocked glibc's stream list). Creating a decoder must leave the stream
    /// alone, and logging stays off: the stream is disabled (null), so nothing reaches stderr either.
    /// </summary>
    [NativeFact(flite: false, pocketSphinx: true)]
    public void Creating_a_decoder_never_replaces_the_log_stream_other_decoders_may_be_writing_to()
    {
        string model = PocketSphinxSpeechToTextClientOptions.DebianModelDirectory;
        using var first = PocketSphinxDecoder.Create(model, 1e-20);
        nint before = PocketSphinxNative.ErrGetLogFile();

        using var second = PocketSphinxDecoder.Create(model, 1e-20);
        using var third = PocketSphinxDecoder.Create(model, 1e-20, postSpeechFrames: 30);

        Assert.Equal(before, PocketSphinxNative.ErrGetLogFile());
        Assert.Equal(nint.Zero, before);
    }
}
