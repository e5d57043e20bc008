namespace Switchboard.Realtime.ResponseEngines;

/// <summary>A transfer that did not happen.</summary>
/// <param name="Target">Where the caller was to go.</param>
/// <param name="Mode">One of <see cref="Transports.TransferModes"/>.</param>
/// <param name="Outcome">One of <see cref="Transports.TransferOutcomeCodes"/> (never connected).</param>
/// <param name="Detail">What the transport said, for the model and the logs.</param>
public sealed record TransferFailure(string Target, string Mode, string Outcome, string? Detail);
