using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Switchboard.Bench.Api;

/// <summary>
/// Open-loop load: request <c>i</c> is due at <c>start + i / rate</c> whether or not earlier ones have answered, and
/// its latency counts from that due time (no coordinated omission). Every response must be 200 with the expected
/// body length. Not thread-safe: one run at a time.
/// </summary>
internal sealed class ConstantRateLoadGenerator(HttpClient client, TimeProvider time)
{
    public async Task<LoadRunResult> RunAsync(
        string name, Uri url, string? bearer, int expectedLength, int rate, TimeSpan duration, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 1);
        var count = checked((int)Math.Round(rate * duration.TotalSeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 10_000_000, nameof(duration));
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(duration));

        var run = new Run(count);
        var auth = bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer);
        var frequency = time.TimestampFrequency;
        var tasks = new Task[count];
        var start = time.GetTimestamp() + frequency / 100;
        var dispatched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A dedicated thread keeps the schedule even when the thread pool is busy serving the server under test.
        var dispatcher = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)((double)i * frequency / rate);
                while (time.GetTimestamp() < due)
                {
                    // Sleeping (≈1 ms granularity) rather than spinning leaves the 2 shared cores to the server; the
                    // lateness it adds is recorded as DispatchLag and, honestly, included in Latency.
                    Thread.Sleep(1);
                }
                tasks[i] = SendAsync(run, i, url, auth, expectedLength, due, ct);
            }
            dispatched.SetResult();
        })
        { IsBackground = true, Name = "bench-dispatch" };
        dispatcher.Start();
        await dispatched.Task;
        await Task.WhenAll(tasks);
        var end = run.LastCompletion;
        var elapsedSeconds = (end - start) / (double)frequency;

        return new LoadRunResult(name, rate, duration, count, run.Ok, run.Non200, run.WrongLength, run.Errors,
            elapsedSeconds > 0 ? count / elapsedSeconds : double.NaN,
            LatencySummary.FromTicks(run.FromDue, frequency),
            LatencySummary.FromTicks(run.FromSend, frequency),
            LatencySummary.FromTicks(run.Lag, frequency),
            run.FirstFailure);
    }

    private async Task SendAsync(Run run, int index, Uri url, AuthenticationHeaderValue? auth, int expectedLength, long due, CancellationToken ct)
    {
        var sent = time.GetTimestamp();
        run.Lag[index] = sent - due;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(4096, expectedLength + 1));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = auth;
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(), ct)) > 0) length += read;
            var done = time.GetTimestamp();
            run.FromDue[index] = done - due;
            run.FromSend[index] = done - sent;
            run.Completed(done);
            if (response.StatusCode != HttpStatusCode.OK)
                run.Fail(ref run.Non200, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            else if (length != expectedLength)
                run.Fail(ref run.WrongLength, $"body of {length} bytes, expected {expectedLength}");
            else
                Interlocked.Increment(ref run.Ok);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            var done = time.GetTimestamp();
            run.FromDue[index] = done - due;
            run.FromSend[index] = done - sent;
            run.Completed(done);
            run.Fail(ref run.Errors, $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Preallocated per-request slots; each request writes only its own index, counters are interlocked.</summary>
    private sealed class Run(int count)
    {
        public readonly long[] FromDue = new long[count];
        public readonly long[] FromSend = new long[count];
        public readonly long[] Lag = new long[count];
        public int Ok;
        public int Non200;
        public int WrongLength;
        public int Errors;
        private long _lastCompletion;
        private string? _firstFailure;

        public long LastCompletion => Interlocked.Read(ref _lastCompletion);
        public string? FirstFailure => Volatile.Read(ref _firstFailure);

        public void Completed(long timestamp)
        {
            var seen = Interlocked.Read(ref _lastCompletion);
            while (timestamp > seen)
            {
                var previous = Interlocked.CompareExchange(ref _lastCompletion, timestamp, seen);
                if (previous == seen) return;
                seen = previous;
            }
        }

        public void Fail(ref int counter, string message)
        {
            Interlocked.Increment(ref counter);
            Interlocked.CompareExchange(ref _firstFailure, message, null);
        }
    }
}
