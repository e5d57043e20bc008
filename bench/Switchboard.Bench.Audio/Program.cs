using BenchmarkDotNet.Running;
using Switchboard.Bench.Audio.Quality;

// `quality` and `verify` are measurements of correctness, not speed; everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quality")
{
    return QualityReport.Run(Console.Out) == 0 ? 0 : 1;
}

if (args.Length > 0 && args[0] == "verify")
{
    return ReferenceChecks.Run(Console.Out) == 0 ? 0 : 1;
}

BenchmarkSwitcher.FromAssembly(typeof(QualityReport).Assembly).Run(args);
return 0;
