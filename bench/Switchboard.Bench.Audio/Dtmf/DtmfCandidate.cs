namespace Switchboard.Bench.Audio.Dtmf;

/// <summary>A named DTMF detector factory, shown as the <c>Detector</c> parameter in the results.</summary>
public sealed record DtmfCandidate(string Name, Func<IDtmfDetectorUnderTest> Create)
{
    public override string ToString() => Name;
}
