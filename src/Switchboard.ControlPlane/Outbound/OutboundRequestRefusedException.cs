namespace Switchboard.ControlPlane.Outbound;

/// <summary>
/// The outbound guard refused to contact a customer-supplied URL. The message names the host and the class of
/// address and never leaks anything a customer could not already see, so callers may show it as is.
/// </summary>
internal sealed class OutboundRequestRefusedException(OutboundRefusalReason reason, string host, string message)
    : Exception(message)
{
    public OutboundRefusalReason Reason { get; } = reason;
    public string Host { get; } = host;
}
