using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Switchboard.Speech;

#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x

namespace Switchboard.Realtime.Sessions;

// One recognizer stream per caller utterance, opened at the VAD's speech start with the pre-roll and closed at its end,
// so a decoder is held only while the caller speaks.
public sealed partial class CallSession
{
    /// <summary>An utterance longer than this stops feeding the recognizer (bounds memory if it stalls).</summary>
    private static readonly long MaxUtteranceBytes = RecognizerRate * 2L * 60;

    /// <summary>100 ms: what the stream path's recognizers read at a time, so partial results come as often as before.</summary>
    private const int RecognizerChunkSamples = RecognizerRate / 10;

    private readonly List<Task> _recognitions = [];
    private Pipe? _recognition;
    private long _recognitionBytes;
    private int _utterance;

    private async ValueTask BeginUtteranceAsync(CancellationToken cancellationToken)
    {
        await EndUtteranceAsync().ConfigureAwait(false);
        _recognitions.RemoveAll(t => t.IsCompleted);
        _utterance++;
        // Never pause the writer: the media loop must not wait on the recognizer. MaxUtteranceBytes bounds the backlog.
        var pipe = new Pipe(new PipeOptions(RecognitionMemoryPool.Instance, pauseWriterThreshold: 0, resumeWriterThreshold: 0,
            minimumSegmentSize: RecognitionMemoryPool.SegmentSize, useSynchronizationContext: false));
        _recognition = pipe;
        _recognitionBytes = 0;
        // The stream starts with the pre-roll, so its time zero lies that far before the end of the current frame.
        var streamStart = _mediaTime - TimeSpan.FromTicks(_preRollFill * TimeSpan.TicksPerSecond / RecognizerRate);
        if (_preRollFill > 0)
        {
            Write(pipe, _preRoll.AsSpan(0, _preRollFill));
            _preRollFill = 0;
        }
        _recognitions.Add(RecognizeAsync(_utterance, pipe.Reader, streamStart, _callCts.Token));
        await pipe.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<FlushResult> FeedRecognizerAsync(ReadOnlySpan<short> samples, CancellationToken cancellationToken)
    {
        var pipe = _recognition!;
        if (_recognitionBytes > MaxUtteranceBytes) return ValueTask.FromResult(default(FlushResult));
        Write(pipe, samples);
        return pipe.Writer.FlushAsync(cancellationToken);
    }

    private void Write(Pipe pipe, ReadOnlySpan<short> samples)
    {
        var bytes = MemoryMarshal.AsBytes(samples);
        bytes.CopyTo(pipe.Writer.GetSpan(bytes.Length));
        pipe.Writer.Advance(bytes.Length);
        _recognitionBytes += bytes.Length;
    }

    private async ValueTask EndUtteranceAsync()
    {
        if (_recognition is not { } pipe) return;
        _recognition = null;
        await pipe.Writer.CompleteAsync().ConfigureAwait(false);
    }

    private async Task RecognizeAsync(int utterance, PipeReader reader, TimeSpan streamStart, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var options = new SpeechToTextOptions { SpeechSampleRate = RecognizerRate, SpeechLanguage = _call.Agent.Stt.Language }
            .WithKeywords(_call.Agent.Stt.BoostedKeywords)
            .WithExpectedPhrases(_engine.ExpectedPhrases);
        // A recognizer that takes samples is fed them straight from the pipe; any other gets the pipe as a stream.
        var pcm = _stt as IPcmSpeechToTextClient ?? (_stt as SharedSpeechToTextClient)?.Pcm;
        var stream = pcm is null ? reader.AsStream() : null;
        try
        {
            var updates = pcm is not null
                ? pcm.GetStreamingTextAsync(PipeChunks.ReadAsync(reader, RecognizerChunkSamples, cancellationToken), RecognizerRate, options, cancellationToken)
                : _stt.GetStreamingTextAsync(stream!, options, cancellationToken);
            await foreach (var update in updates.ConfigureAwait(false))
            {
                var kind = update.Kind == SpeechToTextResponseUpdateKind.TextUpdated ? SpeechSignalKind.Final
                    : update.Kind == SpeechToTextResponseUpdateKind.TextUpdating ? SpeechSignalKind.Partial
                    : (SpeechSignalKind?)null;
                var text = update.Text ?? "";
                TimeSpan? heardUntil = null;
                if (kind == SpeechSignalKind.Final)
                {
                    text = WithDetectedHints(text, SpeechHints.Detected(update));
                    // Where the recognizer ended this final: with the VAD's speech end before it, the turn need not wait
                    // for the stream to close (TurnDetector).
                    if (update.EndTime is { } end) heardUntil = streamStart + end;
                }
                if (kind is { } k) await _speech.Writer.WriteAsync(new SpeechSignal(k, utterance, text, heardUntil), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            Log.RecognitionFailed(_logger, e, _call.CallId);
        }
        finally
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
        }
        _speech.Writer.TryWrite(new SpeechSignal(SpeechSignalKind.Completed, utterance, ""));
    }

    /// <summary>
    /// A hint the recognizer spotted (a boosted keyword, a phrase the flow expects) that its transcript misses is added to
    /// the turn's text: a small-vocabulary caller ("cleaning") is then understood even when the open transcript misheard it.
    /// </summary>
    internal static string WithDetectedHints(string text, IReadOnlyList<string> detected)
    {
        if (detected.Count == 0) return text;
        var result = text;
        foreach (var phrase in detected)
        {
            if (phrase.Length == 0 || (" " + result + " ").Contains(" " + phrase + " ", StringComparison.OrdinalIgnoreCase)) continue;
            result = result.Length == 0 ? phrase : result + " " + phrase;
        }
        return result;
    }

    private async Task StopRecognitionAsync()
    {
        await EndUtteranceAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_recognitions).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.RecognitionFailed(_logger, e, _call.CallId);
        }
    }
}
