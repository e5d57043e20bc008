namespace Switchboard.ControlPlane.Telephony;

/// <summary>Where the SIP listener stands: what <c>/health/ready</c> reports.</summary>
/// <param name="State"><c>disabled</c>, <c>starting</c>, <c>listening</c>, <c>failed</c> or <c>stopped</c>.</param>
/// <param name="Port">The SIP port in use (the chosen one when configured as 0), 0 when not listening.</param>
/// <param name="Detail">Why it failed, or where it listens.</param>
internal sealed record SipListenerStatus(string State, int Port, string Detail)
{
    public static readonly SipListenerStatus Disabled = new("disabled", 0, "SIP is disabled (Sip:Enabled=false).");

    public static readonly SipListenerStatus Starting = new("starting", 0, "The SIP listener is starting.");
}
