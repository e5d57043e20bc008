using System.Threading.Channels;
using Switchboard.Audio.Frames;
using Switchboard.Realtime.Transports;

namespace Switchboard.Realtime.Tests.Sessions;

/// <summary>
/// A media channel whose input allows synchronous continuations: a frame written with <see cref="TryWriteCallerFrame"/>
/// is handled by the session's media loop inline, on the writing thread, before the write returns. That puts the
/// media path's allocations on the test's thread, where <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees them.
/// Agent frames are counted and released at once.
/// </summary>
internal sealed class InlineMediaChannel : IMediaChannel
{
    private readonly Channel<MediaInput> _input = Channel.CreateBounded<MediaInput>(new BoundedChannelOptions(4)
    {
        SingleReader = true,
        SingleWriter = true,
        AllowSynchronousContinuations = true,
    });
    private readonly CountingReader _reader;
    private long _agentFrames;

    public InlineMediaChannel() => _reader = new CountingReader(_input.Reader);

    public int SampleRate => 16_000;

    public TimeSpan FrameDuration { get; } = TimeSpan.FromMilliseconds(20);

    public ChannelReader<MediaInput> Input => _reader;

    /// <summary>Agent audio frames sent so far.</summary>
    public long AgentFrames => Interlocked.Read(ref _agentFrames);

    /// <summary>Caller inputs the session has taken so far.</summary>
    public long InputsRead => Interlocked.Read(ref _reader.Taken);

    /// <summary>Writes one silent caller frame; false if the channel had no room.</summary>
    public bool TryWriteCallerFrame(long timestamp)
    {
        var frame = AudioFrame.Rent(SampleRate, SampleRate / 50, timestamp, DateTimeOffset.UnixEpoch);
        if (_input.Writer.TryWrite(MediaInput.Audio(frame))) return true;
        frame.Dispose();
        return false;
    }

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        frame.Dispose();
        Interlocked.Increment(ref _agentFrames);
        return ValueTask.CompletedTask;
    }

    public void ClearAudio()
    {
    }

    public ValueTask SendDigitsAsync(string digits, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask HangUpAsync(string reason, CancellationToken cancellationToken)
    {
        _input.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new TransferOutcome(false, null));

    /// <summary>The caller hangs up: the input ends.</summary>
    public void End() => _input.Writer.TryComplete();

    public ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        while (_input.Reader.TryRead(out var input)) input.Frame.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class CountingReader(ChannelReader<MediaInput> inner) : ChannelReader<MediaInput>
    {
        public long Taken;

        public override bool TryRead(out MediaInput item)
        {
            if (!inner.TryRead(out item)) return false;
            Interlocked.Increment(ref Taken);
            return true;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);

        public override Task Completion => inner.Completion;
    }
}
