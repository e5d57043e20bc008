namespace Switchboard.Realtime.Transports;

/// <summary>Result of <see cref="IConsultingMediaChannel.ConsultAsync"/>: the answered leg, or why there is none.</summary>
/// <param name="Leg">The answered call, owned by the receiver (bridge it or dispose it); null when the call failed.</param>
/// <param name="Failure">Why no leg was answered (<see cref="TransferOutcome.Accepted"/> false); null on success.</param>
public sealed record ConsultResult(IConsultLeg? Leg, TransferOutcome? Failure)
{
    /// <summary>A failed consultation.</summary>
    public static ConsultResult Failed(string detail, string code) => new(null, new TransferOutcome(false, detail, code));
}
