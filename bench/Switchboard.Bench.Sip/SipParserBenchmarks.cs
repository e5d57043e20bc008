using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;

namespace Switchboard.Bench.Sip;

/// <summary>Parsing and serializing typical messages of a call: an INVITE with SDP, a 200 OK, a BYE.</summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class SipParserBenchmarks
{
    private byte[] _invite = [];
    private byte[] _ok = [];
    private byte[] _bye = [];
    private SipMessage _parsedInvite = null!;

    [GlobalSetup]
    public void Setup()
    {
        _invite = Encoding.ASCII.GetBytes(SampleMessages.Invite);
        _ok = Encoding.ASCII.GetBytes(SampleMessages.Ok);
        _bye = Encoding.ASCII.GetBytes(SampleMessages.Bye);
        _parsedInvite = SipParser.Parse(_invite, SipParserOptions.Datagram);
    }

    [Benchmark]
    public SipMessage ParseInvite() => SipParser.Parse(_invite, SipParserOptions.Datagram);

    [Benchmark]
    public SipMessage Parse200Ok() => SipParser.Parse(_ok, SipParserOptions.Datagram);

    [Benchmark]
    public SipMessage ParseBye() => SipParser.Parse(_bye, SipParserOptions.Datagram);

    /// <summary>Parse plus typed access to the headers a transaction layer reads on every message.</summary>
    [Benchmark]
    public int ParseInviteAndReadTransactionHeaders()
    {
        var m = SipParser.Parse(_invite, SipParserOptions.Datagram);
        return (m.TopVia?.Branch?.Length ?? 0) + (int)m.CSeq.Sequence + m.CallId.Length + (m.From.Tag?.Length ?? 0);
    }

    [Benchmark]
    public byte[] SerializeInvite() => _parsedInvite.ToBytes();
}
