using BenchmarkDotNet.Running;
using Switchboard.Bench.Sip;

BenchmarkSwitcher.FromAssembly(typeof(SipParserBenchmarks).Assembly).Run(args);
