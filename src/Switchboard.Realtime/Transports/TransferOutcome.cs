namespace Switchboard.Realtime.Transports;

/// <summary>Result of <see cref="IMediaChannel.TransferAsync"/>.</summary>
/// <param name="Accepted">The transport (or the far end) accepted the transfer; the call will end on our side.</param>
/// <param name="Detail">Why it was refused, or the far end's status line.</param>
public sealed record TransferOutcome(bool Accepted, string? Detail);
