#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x

using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Switchboard.Realtime.Simulation;
using Switchboard.Speech.PocketSphinx;

namespace Switchboard.Bench.Engine;

/// <summary>
/// Where pocketsphinx's final comes from in time: the caller's phrase, then the call's endpointing silence, written in
/// real time into one recognizer stream exactly as <c>CallSession</c> does (a pipe, 20 ms frames), and the stream closed
/// when the silence ends (the VAD's decision). Times are wall time from the end of the phrase's speech: each final, and
/// the end of the stream (the turn detector's "all finals are in").
/// </summary>
internal static class SttFinalRun
{
    public static async Task RunAsync(Shared shared, BenchArgs args)
    {
        var turns = args.Int("turns", 8);
        var silenceMs = args.Int("silence", 480);
        var earlyMs = args.Int("early", 150); // 500 (= the end-of-utterance silence): no early final, the old behaviour
        using var stt = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions
        {
            PoolSize = 1,
            EarlyFinalSilence = TimeSpan.FromMilliseconds(earlyMs),
        });
        var audio = shared.CallerAudio;
        var speechEnd = audio.Length;
        while (speechEnd > 0 && Math.Abs((int)audio[speechEnd - 1]) < 300) speechEnd--;
        const int frame = 320;
        var silenceFrames = (silenceMs * 16 - (audio.Length - speechEnd)) / frame;
        var pacer = new RealTimePacer(TimeProvider.System, TimeSpan.FromMilliseconds(20));
        var silence = new short[frame];
        var firstFinal = new List<double>();
        var completed = new List<double>();
        var afterClose = new List<double>();
        Console.WriteLine($"phrase {audio.Length / 16} ms (speech ends at {speechEnd / 16} ms), endpointing silence {silenceMs} ms, early final after {earlyMs} ms of quiet (500: none)");
        for (var turn = 0; turn <= turns; turn++)
        {
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
            long speechEndedAt = 0;
            long closedAt = 0;
            var finals = new List<(double Ms, string Text)>();
            var reading = Task.Run(async () =>
            {
                await using var stream = pipe.Reader.AsStream();
                await foreach (var update in stt.GetStreamingTextAsync(stream, new SpeechToTextOptions { SpeechSampleRate = 16000 }).ConfigureAwait(false))
                {
                    if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated)
                        finals.Add((TimeProvider.System.GetElapsedTime(Volatile.Read(ref speechEndedAt)).TotalMilliseconds, update.Text ?? ""));
                }
                return TimeProvider.System.GetTimestamp();
            });
            for (var offset = 0; offset < audio.Length; offset += frame)
            {
                await pacer.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                var count = Math.Min(frame, audio.Length - offset);
                await WriteAsync(pipe, audio.AsSpan(offset, count).ToArray()).ConfigureAwait(false);
                if (offset <= speechEnd && speechEnd <= offset + count) Volatile.Write(ref speechEndedAt, TimeProvider.System.GetTimestamp());
            }
            for (var i = 0; i < silenceFrames; i++)
            {
                await pacer.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                await WriteAsync(pipe, silence).ConfigureAwait(false);
            }
            closedAt = TimeProvider.System.GetTimestamp();
            await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            var done = await reading.ConfigureAwait(false);
            var end = TimeProvider.System.GetElapsedTime(speechEndedAt, done).TotalMilliseconds;
            var close = TimeProvider.System.GetElapsedTime(closedAt, done).TotalMilliseconds;
            Console.WriteLine($"turn {turn}{(turn == 0 ? " (warm-up)" : "")}: finals at {string.Join(", ", finals.Select(f => $"{f.Ms:F0} ms \"{f.Text}\""))}; " +
                $"stream closed at {TimeProvider.System.GetElapsedTime(speechEndedAt, closedAt).TotalMilliseconds:F0} ms, all finals in at {end:F0} ms ({close:F0} ms after the close)");
            if (turn == 0) continue;
            if (finals.Count > 0) firstFinal.Add(finals[^1].Ms);
            completed.Add(end);
            afterClose.Add(close);
        }
        Console.WriteLine($"last final after end of speech: {Percentiles.Summary(firstFinal)}");
        Console.WriteLine($"stream done after end of speech: {Percentiles.Summary(completed)}");
        Console.WriteLine($"stream done after the close:     {Percentiles.Summary(afterClose)}");
    }

    private static ValueTask<FlushResult> WriteAsync(Pipe pipe, short[] samples)
    {
        var bytes = MemoryMarshal.AsBytes(samples.AsSpan());
        bytes.CopyTo(pipe.Writer.GetSpan(bytes.Length));
        pipe.Writer.Advance(bytes.Length);
        return pipe.Writer.FlushAsync();
    }
}
