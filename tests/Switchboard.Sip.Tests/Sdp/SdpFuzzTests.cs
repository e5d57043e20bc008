using System.Net;
using System.Text;
using Switchboard.Sip.Sdp;

namespace Switchboard.Sip.Tests.Sdp;

public sealed class SdpFuzzTests
{
    private const int Mutations = 100_000;
    private static readonly string[] Fragments =
    [
        "\r\n", "\n", "\r", "=", ":", "/", " ", "  ", "\t", "0", "-1", "65536", "128", "99999999999999999999999",
        "m=audio 1 RTP/AVP 0\r\n", "c=IN IP6 ::\r\n", "a=rtpmap:", "a=fmtp:101 ", "a=ptime:0", "a=rtcp:x",
        "IN", "IP4", "IP6", "\0", "é", "\uFFFF", "\uD800", "t=", "v=0", "o=", "a=sendonly", "0.0.0.0",
    ];

    [Fact]
    public void Mutated_real_world_samples_only_ever_raise_SdpParseException()
    {
        // Fixed seed: a failure is reproducible, and the run is the same in CI as on a laptop.
        var random = new Random(20261124);
        string[] samples = [.. SdpSamples.All];
        var negotiator = new SdpNegotiator(new SdpNegotiatorOptions(), IPAddress.Parse("192.0.2.99"), 20000, sessionId: 1);
        int parsed = 0;
        int rejected = 0;

        for (int i = 0; i < Mutations; i++)
        {
            string input = Mutate(samples[random.Next(samples.Length)], random);
            SessionDescription sdp;
            try
            {
                sdp = SessionDescription.Parse(input);
            }
            catch (SdpParseException)
            {
                rejected++;
                continue;
            }
            catch (Exception ex)
            {
                Assert.Fail($"Mutation {i} threw {ex.GetType().Name}: {ex.Message}\n--- input ---\n{input}");
                throw;
            }

            parsed++;
            // Whatever we accept must serialize to something we accept again, and negotiation must not crash.
            string serialized = sdp.ToString();
            Assert.Equal(serialized, SessionDescription.Parse(serialized).ToString());
            _ = negotiator.CreateAnswer(sdp);
        }

        // Both outcomes must really occur, otherwise the mutator is not exercising the parser.
        Assert.True(parsed > Mutations / 20, $"only {parsed} mutations parsed");
        Assert.True(rejected > Mutations / 20, $"only {rejected} mutations rejected");
    }

    private static string Mutate(string text, Random random)
    {
        var sb = new StringBuilder(text);
        int operations = 1 + random.Next(4);
        for (int op = 0; op < operations && sb.Length > 0; op++)
        {
            int at = random.Next(sb.Length);
            switch (random.Next(8))
            {
                case 0:
                    sb[at] = (char)random.Next(0, 128);
                    break;
                case 1:
                    sb.Remove(at, Math.Min(sb.Length - at, 1 + random.Next(8)));
                    break;
                case 2:
                    sb.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 3:
                    sb.Length = at;
                    break;
                case 4:
                    {
                        int len = Math.Min(sb.Length - at, 1 + random.Next(40));
                        sb.Insert(random.Next(sb.Length), sb.ToString(at, len));
                        break;
                    }

                case 5:
                    if (char.IsAsciiDigit(sb[at]))
                    {
                        sb.Insert(at, random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
                case 6:
                    SwapLines(sb, random);
                    break;
                default:
                    sb[at] = (char)random.Next(0x80, 0x3000);
                    break;
            }
        }

        return sb.ToString();
    }

    private static void SwapLines(StringBuilder sb, Random random)
    {
        string[] lines = sb.ToString().Split("\r\n");
        if (lines.Length < 3)
        {
            return;
        }

        int a = random.Next(lines.Length);
        int b = random.Next(lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        sb.Clear().AppendJoin("\r\n", lines);
    }
}
