using System.Collections.Concurrent;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;
using Xunit.Abstractions;

namespace Switchboard.Sip.Tests.Parsing;

/// <summary>
/// Seeded mutation fuzzing of the RFC 4475 messages and our samples. Every outcome must be a message or one of our
/// own parse errors; anything else (IndexOutOfRange, overflow, a throwing accessor on a parsed message, a serialized
/// message that no longer parses) fails with the offending input in base64 so it can become a regression test.
/// </summary>
public sealed class SipParserFuzzTests(ITestOutputHelper output)
{
    private const int Mutations = 1_000_000;
    private const int Seed = 4475;

    private static readonly byte[] Interesting = "\r\n \t;,:\"<>%\\@=?&/[]*0123456789-"u8.ToArray();

    private static readonly SipRequestValidator Uas = new();

    [Fact]
    public void A_million_mutations_yield_only_messages_or_our_own_parse_errors()
    {
        byte[][] seeds = TortureData.AllFiles().Select(TortureData.Read).Concat(SampleMessages.All.Select(s => s.Bytes)).ToArray();
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, 4));
        var failures = new ConcurrentQueue<string>();
        long parsed = 0;
        long start = TimeProvider.System.GetTimestamp();

        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            var rng = new Random(Seed + worker);
            var buffer = new List<byte>(80_000);
            int share = (Mutations / workers) + (worker < Mutations % workers ? 1 : 0);
            long ok = 0;
            for (int i = 0; i < share && failures.IsEmpty; i++)
            {
                buffer.Clear();
                buffer.AddRange(seeds[rng.Next(seeds.Length)]);
                int rounds = 1 + rng.Next(3);
                for (int r = 0; r < rounds; r++)
                {
                    Mutate(buffer, seeds, rng);
                }

                byte[] input = buffer.ToArray();
                try
                {
                    if (Exercise(input))
                    {
                        ok++;
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"{ex.GetType().Name}: {ex.Message}\n  input (base64, first 3000 bytes): {Convert.ToBase64String(input.AsSpan(0, Math.Min(input.Length, 3000)))}\n{ex.StackTrace}");
                }
            }

            Interlocked.Add(ref parsed, ok);
        });

        TimeSpan elapsed = TimeProvider.System.GetElapsedTime(start);
        output.WriteLine($"{Mutations:N0} mutations on {workers} worker(s) in {elapsed.TotalSeconds:F1} s: " +
            $"{Mutations / Math.Max(elapsed.TotalSeconds, 0.001):N0} mutations/s, {parsed:N0} still parsed as valid messages.");
        Assert.True(failures.IsEmpty, failures.FirstOrDefault());

        // The mutations must actually reach both outcomes, or the test proves nothing.
        Assert.InRange(parsed, Mutations / 100, Mutations - (Mutations / 100));
    }

    [Fact]
    public void Pathological_inputs_stay_bounded()
    {
        Exercise(new byte[65_535]);
        Exercise(Enumerable.Repeat((byte)'"', 65_000).ToArray());
        Exercise(Enumerable.Repeat((byte)'<', 65_000).ToArray());
        Exercise("INVITE sip:a@b SIP/2.0\r\nVia: "u8.ToArray().Concat(Enumerable.Repeat((byte)';', 60_000)).ToArray());
        Exercise("INVITE sip:a@b SIP/2.0\r\n"u8.ToArray().Concat(Enumerable.Repeat("\tx\r\n"u8.ToArray(), 10_000).SelectMany(x => x)).ToArray());
        Exercise(Enumerable.Repeat("a: b\r\n"u8.ToArray(), 10_000).SelectMany(x => x).ToArray());
        Exercise(Enumerable.Repeat((byte)'\n', 65_535).ToArray());
        Assert.False(SipParser.TryParse(new byte[65_536], SipParserOptions.Datagram, out _, out SipParseError? error));
        Assert.Equal(513, error!.SuggestedStatus);
    }

    /// <summary>Runs every entry point on the input; returns whether it parsed. Throws on any contract violation.</summary>
    private static bool Exercise(byte[] input)
    {
        SipFrame frame = SipStreamFramer.TryFrame(input, SipParserOptions.Stream);
        if (frame.Status == SipFrameStatus.Complete && (input.Length & 3) == 0)
        {
            _ = SipParser.TryParse(input.AsSpan(frame.MessageOffset, frame.MessageLength), SipParserOptions.Stream, out _, out _);
        }

        // Exceptions are costly; the throwing entry point wraps TryParse, so a sample of inputs is enough for it.
        if ((input.Length & 63) == 0)
        {
            try
            {
                _ = SipParser.Parse(input, SipParserOptions.Datagram);
            }
            catch (SipParseException)
            {
                // The one exception type the throwing entry point may raise.
            }
        }

        if (!SipParser.TryParse(input, SipParserOptions.Datagram, out SipMessage? message, out SipParseError? error))
        {
            if (error.SuggestedStatus is not (400 or 416 or 501 or 505 or 513))
            {
                throw new InvalidOperationException($"Unexpected status {error.SuggestedStatus}");
            }

            if (error.Disposition == SipParseDisposition.Respond)
            {
                _ = SipResponseFactory.CreateErrorResponse(error, "fz").ToBytes();
            }

            return false;
        }

        // Typed accessors of a parsed message never throw, and its canonical form parses to the same values.
        _ = (message.Vias, message.From, message.To, message.CallId, message.CSeq, message.MaxForwards, message.ContentLength,
            message.ContentType, message.Contacts, message.Routes, message.RecordRoutes, message.Expires, message.Date);
        if (message is SipRequest request)
        {
            _ = Uas.Validate(request);
            _ = SipResponseFactory.CreateResponse(request, 200, null, "fz").ToBytes();
        }

        byte[] canonical = message.ToBytes();
        if (!SipParser.TryParse(canonical, SipParserOptions.Stream, out SipMessage? again, out SipParseError? againError))
        {
            throw new InvalidOperationException($"Canonical form does not parse: {againError}");
        }

        // Canonical output is a fixed point: same values, same bytes (cheaper here than comparing value by value).
        if (!again.ToBytes().AsSpan().SequenceEqual(canonical))
        {
            throw new InvalidOperationException("Canonical form is not stable under parse and serialize");
        }

        return true;
    }

    private static void Mutate(List<byte> b, byte[][] seeds, Random rng)
    {
        int len = b.Count;
        int pos = len == 0 ? 0 : rng.Next(len);
        switch (rng.Next(10))
        {
            case 0: // bit flips
                for (int k = 1 + rng.Next(4); k > 0 && len > 0; k--)
                {
                    int p = rng.Next(len);
                    b[p] ^= (byte)(1 << rng.Next(8));
                }

                break;
            case 1: // insert a random or syntactically interesting byte
                b.Insert(pos, rng.Next(2) == 0 ? (byte)rng.Next(256) : Interesting[rng.Next(Interesting.Length)]);
                break;
            case 2: // delete a range
                if (len > 0)
                {
                    b.RemoveRange(pos, Math.Min(len - pos, 1 + rng.Next(16)));
                }

                break;
            case 3: // duplicate a range in place
                if (len > 0)
                {
                    int count = Math.Min(len - pos, 1 + rng.Next(64));
                    b.InsertRange(pos, b.GetRange(pos, count));
                }

                break;
            case 4: // splice: our prefix, another message's suffix
            {
                byte[] other = seeds[rng.Next(seeds.Length)];
                int from = rng.Next(other.Length);
                b.RemoveRange(pos, len - pos);
                b.AddRange(other.AsSpan(from).ToArray());
                break;
            }

            case 5: // truncate
                b.RemoveRange(pos, len - pos);
                break;
            case 6: // duplicate a whole header line
            {
                int lineStart = b.IndexOf((byte)'\n', pos);
                if (lineStart >= 0 && lineStart + 1 < len)
                {
                    int lineEnd = b.IndexOf((byte)'\n', lineStart + 1);
                    if (lineEnd > lineStart)
                    {
                        b.InsertRange(lineStart + 1, b.GetRange(lineStart + 1, lineEnd - lineStart));
                    }
                }

                break;
            }

            case 7: // long run of one interesting byte
            {
                byte[] run = new byte[1 + rng.Next(3000)];
                run.AsSpan().Fill(Interesting[rng.Next(Interesting.Length)]);
                b.InsertRange(pos, run);
                break;
            }
            case 8: // replace a byte with an interesting one
                if (len > 0)
                {
                    b[pos] = Interesting[rng.Next(Interesting.Length)];
                }

                break;
            default: // huge number
                b.InsertRange(pos, "99999999999999999999"u8.ToArray());
                break;
        }
    }
}
