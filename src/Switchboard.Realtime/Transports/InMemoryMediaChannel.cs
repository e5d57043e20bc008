using System.Threading.Channels;
using Switchboard.Audio.Frames;

namespace Switchboard.Realtime.Transports;

/// <summary>
/// A call carried in memory: the "caller" side (a test, the simulator, a benchmark) writes audio frames, digits and
/// hang-up, and reads everything the agent sends. Used wherever no network transport is wanted.
/// </summary>
/// <remarks>
/// <para>Caller input goes through a small bounded channel, so a caller writing as fast as it can runs in near
/// lockstep with the session (each frame waits for room), and media time advances exactly one frame per frame written.</para>
/// <para>Thread-safety: one caller-side writer and one caller-side reader of <see cref="AgentOutputs"/>; the
/// <see cref="IMediaChannel"/> side as that interface documents.</para>
/// </remarks>
public sealed class InMemoryMediaChannel : IMediaChannel
{
    private readonly Channel<MediaInput> _input;
    private readonly Channel<AgentOutput> _output = Channel.CreateUnbounded<AgentOutput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CountingReader _reader;
    private readonly TimeProvider _time;
    private long _callerTimestamp;
    private int _clears;

    /// <param name="sampleRate">Rate of frames both ways (8000 models a phone line, 16000 a wideband client).</param>
    /// <param name="inputCapacity">Caller frames buffered ahead of the session.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate other than 8, 16, 24 or 48 kHz, or a capacity below 1.</exception>
    public InMemoryMediaChannel(int sampleRate = 16_000, int inputCapacity = 4, TimeProvider? time = null)
    {
        if (sampleRate is not (8000 or 16_000 or 24_000 or 48_000))
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Sample rate must be 8000, 16000, 24000 or 48000.");
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCapacity, 1);
        SampleRate = sampleRate;
        _time = time ?? TimeProvider.System;
        _input = Channel.CreateBounded<MediaInput>(new BoundedChannelOptions(inputCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _reader = new CountingReader(_input.Reader);
    }

    public int SampleRate { get; }

    public TimeSpan FrameDuration { get; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Samples per frame at <see cref="SampleRate"/>.</summary>
    public int FrameLength => SampleRate / 50;

    public ChannelReader<MediaInput> Input => _reader;

    /// <summary>What the agent sent, in order. Completes when the agent hangs up or the channel is disposed.</summary>
    public ChannelReader<AgentOutput> AgentOutputs => _output.Reader;

    /// <summary>Caller audio frames the session has taken so far.</summary>
    public long CallerFramesRead => Interlocked.Read(ref _reader.AudioFrames);

    /// <summary>How often the agent side flushed buffered audio (barge-in).</summary>
    public int ClearCount => Volatile.Read(ref _clears);

    /// <summary>Decides transfers; by default every transfer is accepted.</summary>
    public Func<string, TransferOutcome> TransferHandler { get; set; } = _ => new TransferOutcome(true, null);

    /// <summary>Sends caller audio, cut into frames; a last partial frame is padded with silence.</summary>
    public async ValueTask SendCallerAudioAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < samples.Length; offset += FrameLength)
        {
            var count = Math.Min(FrameLength, samples.Length - offset);
            var frame = AudioFrame.Rent(SampleRate, FrameLength, _callerTimestamp, _time.GetUtcNow());
            samples.Span.Slice(offset, count).CopyTo(frame.Samples);
            frame.Samples[count..].Clear();
            await WriteFrameAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends <paramref name="duration"/> of silence (rounded up to whole frames).</summary>
    public async ValueTask SendCallerSilenceAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var frames = (int)Math.Ceiling(duration / FrameDuration);
        for (var i = 0; i < frames; i++)
        {
            var frame = AudioFrame.Rent(SampleRate, FrameLength, _callerTimestamp, _time.GetUtcNow());
            frame.Samples.Clear();
            await WriteFrameAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Presses keypad digits (each its own input, between audio frames).</summary>
    public async ValueTask PressDigitsAsync(string digits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digits);
        foreach (var digit in digits)
        {
            if (!IsDigit(digit)) throw new ArgumentException($"'{digit}' is not a keypad digit (0-9, *, #, A-D).", nameof(digits));
            await _input.Writer.WriteAsync(MediaInput.ForDigit(digit), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The caller hangs up: the session sees it after the input already written.</summary>
    public async ValueTask CallerHangUpAsync(string reason, CancellationToken cancellationToken)
    {
        await _input.Writer.WriteAsync(MediaInput.HangUp(reason), cancellationToken).ConfigureAwait(false);
        _input.Writer.TryComplete();
    }

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        if (!_output.Writer.TryWrite(new AgentOutput(AgentOutputKind.Audio, frame, null, CallerFramesRead))) frame.Dispose();
        return ValueTask.CompletedTask;
    }

    public void ClearAudio()
    {
        Interlocked.Increment(ref _clears);
        _output.Writer.TryWrite(new AgentOutput(AgentOutputKind.Clear, default, null, CallerFramesRead));
    }

    public ValueTask SendDigitsAsync(string digits, CancellationToken cancellationToken)
    {
        _output.Writer.TryWrite(new AgentOutput(AgentOutputKind.Digits, default, digits, CallerFramesRead));
        return ValueTask.CompletedTask;
    }

    public ValueTask HangUpAsync(string reason, CancellationToken cancellationToken)
    {
        _output.Writer.TryWrite(new AgentOutput(AgentOutputKind.HangUp, default, reason, CallerFramesRead));
        _output.Writer.TryComplete();
        _input.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask<TransferOutcome> TransferAsync(string target, CancellationToken cancellationToken)
    {
        var outcome = TransferHandler(target);
        _output.Writer.TryWrite(new AgentOutput(AgentOutputKind.Transfer, default, target, CallerFramesRead));
        return ValueTask.FromResult(outcome);
    }

    public ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        _output.Writer.TryComplete();
        while (_input.Reader.TryRead(out var input)) input.Frame.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsDigit(char c) => c is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D');

    private async ValueTask WriteFrameAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        _callerTimestamp += FrameLength;
        try
        {
            await _input.Writer.WriteAsync(MediaInput.Audio(frame), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    /// <summary>Counts audio frames as the session takes them, to stamp agent output on the caller's timeline.</summary>
    private sealed class CountingReader(ChannelReader<MediaInput> inner) : ChannelReader<MediaInput>
    {
        public long AudioFrames;

        public override bool TryRead(out MediaInput item)
        {
            if (!inner.TryRead(out item)) return false;
            if (item.Kind == MediaInputKind.Audio) Interlocked.Increment(ref AudioFrames);
            return true;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);

        public override Task Completion => inner.Completion;
    }
}
