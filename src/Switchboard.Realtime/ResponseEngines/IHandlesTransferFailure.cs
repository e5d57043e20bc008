namespace Switchboard.Realtime.ResponseEngines;

/// <summary>
/// An engine that carries on after a transfer it asked for did not happen (nobody answered, busy, the carrier refused):
/// the caller is still on the line with the agent. Engines without it get a stock apology spoken for them.
/// </summary>
/// <remarks>Called by the session's engine loop, never while another method of the engine runs.</remarks>
public interface IHandlesTransferFailure
{
    /// <summary>The agent's response now that <paramref name="failure"/> is known.</summary>
    IAsyncEnumerable<ResponseEvent> TransferFailedAsync(TransferFailure failure, CancellationToken cancellationToken);
}
