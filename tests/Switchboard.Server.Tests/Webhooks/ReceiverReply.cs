namespace Switchboard.Server.Tests.Webhooks;

/// <summary>How a test receiver answers one request.</summary>
internal sealed record ReceiverReply(int Status, string? Body = null, string? RetryAfter = null, string? Location = null)
{
    public static readonly ReceiverReply Ok = new(200, "ok");
}
