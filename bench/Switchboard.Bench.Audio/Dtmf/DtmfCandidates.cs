using Switchboard.Bench.Audio.Native;

namespace Switchboard.Bench.Audio.Dtmf;

/// <summary>The detectors the DTMF benchmark compares, spandsp first (the baseline).</summary>
public static class DtmfCandidates
{
    public static IReadOnlyList<DtmfCandidate> All { get; } =
    [
        new("spandsp", () => new SpanDspDtmfDetector()),

        // ===== INTEGRATOR: plug ours in here when src/Switchboard.Audio/Dtmf/ lands (one line) =====
        // The detector must be created inside the lambda (one per benchmark run) and the delegate must not capture
        // per-call state, e.g. for a detector with `IReadOnlyList<char> Process(ReadOnlySpan<short>)`-style API:
        // new("switchboard", () => { var d = new Switchboard.Audio.Dtmf.DtmfDetector(8000); return new DelegateDtmfDetector(s => d.Process(s), () => d.TakeDigitsAsString()); }),
        // Adapt the two lambdas to the real API: the first feeds samples and returns digits ended in the chunk
        // (0 if the API reports them otherwise), the second returns the digits seen so far for the correctness check.
    ];
}
