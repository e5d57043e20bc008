using Switchboard.Audio.Mixing;
using Switchboard.Audio.Tests.Tones;

namespace Switchboard.Audio.Tests.Mixing;

public sealed class LoopingAudioSourceTests
{
    [Fact]
    public void Reads_continue_and_wrap_around_the_clip()
    {
        var source = new LoopingAudioSource(new short[] { 1, 2, 3 });
        var frame = new short[2];
        var all = new List<short>();
        for (int i = 0; i < 4; i++)
        {
            source.Read(frame);
            all.AddRange(frame);
        }

        Assert.Equal(new short[] { 1, 2, 3, 1, 2, 3, 1, 2 }, all);
        Assert.Equal(2, source.Position);
        source.Rewind();
        source.Read(frame);
        Assert.Equal(new short[] { 1, 2 }, frame);
    }

    [Fact]
    public void A_frame_longer_than_the_clip_repeats_it()
    {
        var source = new LoopingAudioSource(new short[] { 5, 6 });
        var frame = new short[5];
        source.Read(frame);
        Assert.Equal(new short[] { 5, 6, 5, 6, 5 }, frame);
    }

    [Fact]
    public void Empty_clip_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new LoopingAudioSource(ReadOnlyMemory<short>.Empty));
    }

    [Fact]
    public void Hold_music_mixed_under_a_voice_keeps_both_at_their_gains()
    {
        const int Rate = 8000;
        short[] voice = TestSignals.Sine(300, Rate, Rate, 0.3);
        short[] music = TestSignals.Sine(1200, Rate, 1000, 0.3); // 1000 samples = exactly 150 cycles, loops seamlessly
        var loop = new LoopingAudioSource(music);
        var output = new short[Rate];
        var frame = new short[160];
        for (int offset = 0; offset < Rate; offset += 160)
        {
            loop.Read(frame);
            AudioMixer.Mix(voice.AsSpan(offset, 160), 1f, frame, AudioMixer.DecibelsToGain(-20), output.AsSpan(offset, 160));
        }

        double voiceLevel = Goertzel.Db(Goertzel.Amplitude(output, 300, Rate));
        double musicLevel = Goertzel.Db(Goertzel.Amplitude(output, 1200, Rate));
        Assert.Equal(20, voiceLevel - musicLevel, 0);
    }
}
