using System.Buffers.Binary;
using Switchboard.Audio.Wav;

namespace Switchboard.Audio.Tests.Wav;

public sealed class StereoWavRecorderTests
{
    [Fact]
    public void Two_parties_land_in_their_own_channels_and_the_reader_sees_the_whole_call()
    {
        var stream = new MemoryStream();
        using (var recorder = new StereoWavRecorder(new KeepOpen(stream), 8000, 160))
        {
            recorder.Write([100, 200, 300], [-1, -2]);
            recorder.Write([], [7]);
            Assert.Equal(4, recorder.Frames);
        }
        var bytes = stream.ToArray();
        Assert.Equal(44 + 16, bytes.Length);
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(22)));
        short At(int frame, int channel) => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + frame * 4 + channel * 2));
        Assert.Equal((100, -1), (At(0, 0), At(0, 1)));
        Assert.Equal((300, 0), (At(2, 0), At(2, 1)));
        Assert.Equal((0, 7), (At(3, 0), At(3, 1)));

        var read = WavReader.Read(new MemoryStream(bytes));
        Assert.Equal(2, read.Format.Channels);
        Assert.Equal(8000, read.SampleRate);
        Assert.Equal(4, read.Samples.Length);
    }

    [Fact]
    public void Misuse_is_refused_with_a_clear_error()
    {
        Assert.Throws<ArgumentException>(() => new StereoWavRecorder(new NonSeekable(), 8000));
        using var recorder = new StereoWavRecorder(new MemoryStream(), 8000, 4);
        Assert.Throws<ArgumentException>(() => recorder.Write(new short[5], []));
        recorder.Complete();
        Assert.Throws<InvalidOperationException>(() => recorder.Write([1], [1]));
    }

    private sealed class KeepOpen(Stream inner) : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override long Seek(long offset, SeekOrigin loc) => inner.Seek(offset, loc);
        public override void Flush() => inner.Flush();
    }

    private sealed class NonSeekable : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
