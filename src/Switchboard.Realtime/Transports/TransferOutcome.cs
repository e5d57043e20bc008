namespace Switchboard.Realtime.Transports;

/// <summary>Result of <see cref="IMediaChannel.TransferAsync"/>.</summary>
/// <param name="Accepted">The transport (or the far end) accepted the transfer; the call will end on our side.</param>
/// <param name="Detail">Why it was refused, or the far end's status line.</param>
/// <param name="Code">
/// One of <see cref="TransferOutcomeCodes"/>; when null, <see cref="TransferOutcomeCodes.Connected"/> for an accepted
/// transfer and <see cref="TransferOutcomeCodes.Failed"/> for a refused one.
/// </param>
public sealed record TransferOutcome(bool Accepted, string? Detail, string? Code = null)
{
    /// <summary>The outcome as a stable code for records and webhooks.</summary>
    public string OutcomeCode => Code ?? (Accepted ? TransferOutcomeCodes.Connected : TransferOutcomeCodes.Failed);
}
