using Switchboard.Sip.Messages;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Tests.Transactions;

internal sealed record SentMessage(SipMessage Message, SipEndPoint Remote, DateTimeOffset At)
{
    public int? Status => (Message as SipResponse)?.StatusCode;

    public string? Method => (Message as SipRequest)?.Method;
}
