namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>The server or the organization is at its concurrent call limit; the transport refuses the call (SIP 503, HTTP 503).</summary>
internal sealed class CallCapacityException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
