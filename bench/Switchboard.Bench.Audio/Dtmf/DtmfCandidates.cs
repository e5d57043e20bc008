using Switchboard.Bench.Audio.Native;

namespace Switchboard.Bench.Audio.Dtmf;

/// <summary>The detectors the DTMF benchmark compares, spandsp first (the baseline).</summary>
public static class DtmfCandidates
{
    public static IReadOnlyList<DtmfCandidate> All { get; } =
    [
        new("spandsp", () => new SpanDspDtmfDetector()),

        new("switchboard", () => new SwitchboardDtmfDetector()),
    ];
}
