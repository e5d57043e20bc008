using System.Text;
using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.Server.Tests.Webhooks;

internal static class SignatureCheck
{
    /// <summary>True when one of the request's signatures is the one <paramref name="secret"/> makes.</summary>
    public static bool SignedWith(ReceivedWebhook request, string secret)
    {
        var expected = WebhookSigner.Sign(secret, request.Id, request.Timestamp, Encoding.UTF8.GetBytes(request.Body));
        return request.Signatures.Contains(expected);
    }
}
