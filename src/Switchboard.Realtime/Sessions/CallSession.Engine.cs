using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Resampling;
using Switchboard.Audio.Wav;
using Switchboard.Realtime.Playout;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions.Events;

#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x

namespace Switchboard.Realtime.Sessions;

// The engine loop: runs the response engine one command at a time and turns its text into queued audio.
public sealed partial class CallSession
{
    private readonly ConcurrentDictionary<int, TurnProbe> _probes = new();
    private readonly ConcurrentDictionary<string, string> _toolArguments = new();
    private readonly ConcurrentDictionary<string, string> _engineVariables = new(StringComparer.Ordinal);
    private readonly Lock _responseLock = new();
    private CancellationTokenSource? _responseCts;
    private int _runningResponseId;

    private async Task RunEngineLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var command in _commands.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await RunCommandAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunCommandAsync(EngineCommand command, CancellationToken cancellationToken)
    {
        if (command.Kind == EngineCommandKind.Heard)
        {
            try
            {
                _engine.Heard(command.Text ?? "", command.Interrupted);
            }
            catch (Exception e)
            {
                Log.EngineFailed(_logger, e, _call.CallId);
            }
            return;
        }
        if (command.Kind == EngineCommandKind.Context)
        {
            try
            {
                (_engine as IAcceptsInjection)?.AddContext(command.Text ?? "");
            }
            catch (Exception e)
            {
                Log.EngineFailed(_logger, e, _call.CallId);
            }
            return;
        }
        if (command.ResponseId <= Volatile.Read(ref _discardUpTo)) return;
        if (command.Kind == EngineCommandKind.HandOver && !await HandOverAsync(command.Text).ConfigureAwait(false))
        {
            await _playout.Writer.WriteAsync(new PlayoutItem(PlayoutItemKind.Action, command.ResponseId, default, null, 0,
                new CallAction(CallActionKind.EndCall, null, "hand-over target unavailable")), cancellationToken).ConfigureAwait(false);
            await _playout.Writer.WriteAsync(new PlayoutItem(PlayoutItemKind.End, command.ResponseId, default, "", 0, null), cancellationToken).ConfigureAwait(false);
            return;
        }
        if (command.Probe is { } probe) _probes[command.ResponseId] = probe;

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_responseLock)
        {
            _responseCts = cts;
            _runningResponseId = command.ResponseId;
        }
        var text = new StringBuilder();
        try
        {
            var events = command.Kind switch
            {
                EngineCommandKind.Respond => _engine.RespondAsync(command.Turn!, cts.Token),
                EngineCommandKind.NoInput => _engine.NoInputAsync(command.Count, cts.Token),
                EngineCommandKind.Say => _engine is IAcceptsInjection injectable ? injectable.SayAsync(command.Text ?? "", cts.Token) : SayOnly(command.Text ?? ""),
                EngineCommandKind.TransferFailed => _engine is IHandlesTransferFailure handler
                    ? handler.TransferFailedAsync(command.Failure!, cts.Token)
                    : SayOnly(TransferFailedLine),
                _ => _engine.StartAsync(cts.Token),
            };
            await SpeakAsync(command.ResponseId, events, command.Probe, text, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            return; // interrupted: the media loop has already closed this response
        }
        catch (Exception e)
        {
            Log.EngineFailed(_logger, e, _call.CallId);
        }
        finally
        {
            lock (_responseLock)
            {
                _responseCts = null;
                _runningResponseId = 0;
            }
        }
        try
        {
            await _playout.Writer.WriteAsync(new PlayoutItem(PlayoutItemKind.End, command.ResponseId, default, text.ToString(), 0, null), cts.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Called by the media loop on barge-in.</summary>
    private void CancelResponse(int responseId)
    {
        lock (_responseLock)
        {
            if (_responseCts is not null && _runningResponseId <= responseId) _responseCts.Cancel();
        }
    }

    private async Task<bool> HandOverAsync(string? target)
    {
        if (_handOver is null) return false;
        IResponseEngine next;
        try
        {
            next = _handOver(_call, target);
        }
        catch (Exception e)
        {
            Log.EngineFailed(_logger, e, _call.CallId);
            return false;
        }
        var previous = _engine;
        _engine = next;
        await previous.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    private async Task SpeakAsync(int responseId, IAsyncEnumerable<ResponseEvent> events, TurnProbe? probe, StringBuilder text, CancellationToken cancellationToken)
    {
        await _playout.Writer.WriteAsync(new PlayoutItem(PlayoutItemKind.Start, responseId, default, null, 0, null), cancellationToken).ConfigureAwait(false);
        var chunker = new SentenceChunker();
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            switch (item)
            {
                case TextDelta delta:
                    if (probe is not null) probe.FirstText ??= _time.GetUtcNow();
                    text.Append(delta.Text);
                    foreach (var sentence in chunker.Add(delta.Text))
                        await SynthesizeAsync(responseId, sentence, probe, cancellationToken).ConfigureAwait(false);
                    break;
                case ToolCallStarted started:
                    _toolArguments[started.IdempotencyKey] = started.Arguments.GetRawText();
                    break;
                case ToolCallCompleted done:
                    _toolArguments.TryRemove(done.IdempotencyKey, out var arguments);
                    Emit(new ToolCalled(_call.CallId, _time.GetUtcNow(), _mediaTimeForEvents, done.IdempotencyKey, done.Name, arguments ?? "{}",
                        done.Result, done.IsError, done.Elapsed));
                    break;
                case NodeEntered node:
                    Emit(new NodeTransition(_call.CallId, _time.GetUtcNow(), _mediaTimeForEvents, node.FromNodeId, node.NodeId, node.Reason,
                        _engineVariables.IsEmpty ? null : new SortedDictionary<string, string>(_engineVariables, StringComparer.Ordinal)));
                    break;
                case VariablesChanged changed:
                    foreach (var (name, value) in changed.Values) _engineVariables[name] = value;
                    break;
                case CallAction action:
                    if (chunker.Flush() is { } rest) await SynthesizeAsync(responseId, rest, probe, cancellationToken).ConfigureAwait(false);
                    await _playout.Writer.WriteAsync(new PlayoutItem(PlayoutItemKind.Action, responseId, default, null, 0, action), cancellationToken)
                        .ConfigureAwait(false);
                    break;
                case LlmUsage usage:
                    Log.LlmUsage(_logger, _call.CallId, usage.Model, usage.InputTokens, usage.CachedInputTokens, usage.OutputTokens);
                    break;
                case ResponseFailed failed:
                    Log.ResponseFailed(_logger, _call.CallId, failed.Code, failed.Message);
                    break;
            }
        }
        if (chunker.Flush() is { } last) await SynthesizeAsync(responseId, last, probe, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Media time for events raised on the engine loop (read without a lock: a stale value is off by a frame at most).</summary>
    private TimeSpan _mediaTimeForEvents => _mediaTime;

    private async Task SynthesizeAsync(int responseId, string sentence, TurnProbe? probe, CancellationToken cancellationToken)
    {
        var audio = await SynthesizeAtRateAsync(sentence, _channel.SampleRate, cancellationToken).ConfigureAwait(false);
        if (audio.IsEmpty)
        {
            audio.Dispose();
            return;
        }
        if (probe is not null) probe.FirstAudio ??= _time.GetUtcNow();

        // The sentence is queued whole, and the media loop cuts it into frames as it plays them: 200 calls greeting at
        // once used to hold ~35,000 frames here (engine load benchmark, all calls in one tick).
        var frameLength = PlayoutFrameLength;
        var frames = (audio.Length + frameLength - 1) / frameLength;
        try
        {
            await _playout.Writer.WriteAsync(new PlayoutItem(PlayoutItemKind.Chunk, responseId, audio, sentence, (long)frames * frameLength, null), cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            audio.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Speaks <paramref name="text"/> with the agent's voice into PCM at <paramref name="rate"/>, which the caller disposes.
    /// Raw PCM at the call's rate in one piece (flite, the usual case) is used as it is; several pieces, or audio that
    /// needs decoding or resampling, are gathered in a buffer rented from <see cref="SpeechAudioBuffers"/>.
    /// </summary>
    private async Task<SentenceAudio> SynthesizeAtRateAsync(string text, int rate, CancellationToken cancellationToken)
    {
        var options = new TextToSpeechOptions
        {
            VoiceId = _call.Agent.Voice.VoiceId,
            AudioFormat = "audio/pcm",
            Speed = _call.Agent.Voice.Speed == 1.0 ? null : (float)_call.Agent.Voice.Speed,
            Language = _call.Agent.Stt.Language,
        };
        short[]? audio = null;
        var length = 0;
        ReadOnlyMemory<byte>? whole = null;
        try
        {
            await foreach (var update in _tts.GetStreamingAudioAsync(text, options, cancellationToken).ConfigureAwait(false))
            {
                foreach (var content in update.Contents)
                {
                    if (content is not DataContent data) continue;
                    var raw = RawPcmRate(data) == rate;
                    if (raw && whole is null && audio is null)
                    {
                        // Kept as it is, and copied only if another piece follows.
                        whole = data.Data;
                        continue;
                    }
                    if (whole is { } first)
                    {
                        AppendPcm(ref audio, ref length, first.Span);
                        whole = null;
                    }
                    if (raw)
                    {
                        AppendPcm(ref audio, ref length, data.Data.Span);
                        continue;
                    }
                    var (samples, sourceRate) = Decode(data);
                    var converted = ToRate(samples, sourceRate, rate);
                    Reserve(ref audio, length, converted.Length);
                    converted.CopyTo(audio.AsSpan(length));
                    length += converted.Length;
                }
            }
        }
        catch
        {
            if (audio is not null) SpeechAudioBuffers.Pool.Return(audio);
            throw;
        }
        return whole is { } only ? SentenceAudio.FromPcm(only) : SentenceAudio.FromRented(audio, length);
    }

    private static void AppendPcm(ref short[]? audio, ref int length, ReadOnlySpan<byte> bytes)
    {
        var count = bytes.Length / 2;
        Reserve(ref audio, length, count);
        var target = audio.AsSpan(length, count);
        for (var i = 0; i < count; i++) target[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]);
        length += count;
    }

    private static void Reserve(ref short[]? audio, int length, int more)
    {
        if (audio is not null && audio.Length >= length + more) return;
        var grown = SpeechAudioBuffers.Pool.Rent(Math.Max(length + more, (audio?.Length ?? 0) * 2));
        if (audio is not null)
        {
            audio.AsSpan(0, length).CopyTo(grown);
            SpeechAudioBuffers.Pool.Return(audio);
        }
        audio = grown;
    }

    /// <summary>The rate of raw PCM content (<c>audio/pcm</c>, 16 kHz unless it says <c>rate=</c>); 0 for WAV or an unreadable type.</summary>
    private static int RawPcmRate(DataContent data)
    {
        var mediaType = data.MediaType ?? "";
        if (mediaType.StartsWith("audio/wav", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("audio/x-wav", StringComparison.OrdinalIgnoreCase)) return 0;
        var at = mediaType.IndexOf("rate=", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return 16_000;
        var digits = mediaType.AsSpan(at + 5);
        var end = digits.IndexOfAny(';', ' ');
        if (end >= 0) digits = digits[..end];
        return int.TryParse(digits, out var rate) ? rate : 0;
    }

    private static (short[] Samples, int Rate) Decode(DataContent data)
    {
        var mediaType = data.MediaType ?? "";
        if (mediaType.StartsWith("audio/wav", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("audio/x-wav", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = new MemoryStream(data.Data.ToArray(), writable: false);
            var wav = WavReader.Read(stream);
            return (wav.Samples, wav.SampleRate);
        }
        var rate = 16_000;
        var at = mediaType.IndexOf("rate=", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            var digits = mediaType.AsSpan(at + 5);
            var end = digits.IndexOfAny(';', ' ');
            if (end >= 0) digits = digits[..end];
            if (!int.TryParse(digits, out rate)) throw new InvalidOperationException($"TTS returned an unreadable media type '{mediaType}'.");
        }
        var bytes = data.Data.Span;
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]);
        return (samples, rate);
    }

    private static ReadOnlySpan<short> ToRate(short[] samples, int rate, int targetRate)
    {
        if (rate == targetRate) return samples;
        var resampler = new Resampler(rate, targetRate);
        var output = new short[resampler.MaxOutputLength(samples.Length)];
        var written = resampler.Process(samples, output);
        return output.AsSpan(0, written);
    }
}
