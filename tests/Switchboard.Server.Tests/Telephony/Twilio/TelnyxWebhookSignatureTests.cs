using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Telephony;
using Switchboard.ControlPlane.Tests.Telephony.Twilio;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>Telnyx's Ed25519-signed voice webhook against an in-process server with <c>TelnyxPublicKey</c> configured.</summary>
public sealed class TelnyxWebhookSignatureTests
{
    private const string Route = "/api/v1/telephony/telnyx/voice";
    private const string Body = "AccountSid=acc-1&CallSid=v3%3Acall-1&From=%2B15550001&To=%2B15559999";

    // RFC 8032 TEST 1's key pair stands in for the Telnyx account's; the server only ever sees the public half.
    private static readonly byte[] SecretKey = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private const string PublicKeyBase64 = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    private readonly FixedInboundRouter _router = new();

    [Fact]
    public async Task Only_a_fresh_correctly_signed_webhook_is_answered()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite,
            new Dictionary<string, string?> { ["Telephony:Twilio:TelnyxPublicKey"] = PublicKeyBase64 },
            b => b.Services.AddSingleton<IInboundCallRouter>(_router));
        var client = server.CreateClient();
        var now = server.Services.GetRequiredService<TimeProvider>().GetUtcNow();

        await (await client.SendAsync(Request(Body, timestamp: null, signature: null))).ProblemAsync(403, "invalid_signature");

        var ts = Unix(now);
        await (await client.SendAsync(Request(Body.Replace("9999", "9998", StringComparison.Ordinal), ts, Sign(ts, Body))))
            .ProblemAsync(403, "invalid_signature");

        var stale = Unix(now.AddMinutes(-10));
        await (await client.SendAsync(Request(Body, stale, Sign(stale, Body)))).ProblemAsync(403, "invalid_signature");
        Assert.Empty(_router.Lookups); // refused requests never reach routing

        var answer = await client.SendAsync(Request(Body, ts, Sign(ts, Body)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        // The form was still parsed after the raw body was read for the signature: the dialled number reached routing.
        Assert.NotNull(XDocument.Parse(await answer.Content.ReadAsStringAsync()).Root!.Element("Reject"));
        Assert.Equal(("+15559999", "+15550001", "telnyx"), Assert.Single(_router.Lookups));
    }

    [Fact]
    public void The_configured_key_is_the_test_secret_keys_public_half()
    {
        Assert.Equal(PublicKeyBase64, Convert.ToBase64String(Ed25519TestSigner.PublicKey(SecretKey)));
    }

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Telnyx's documented scheme: base64(Ed25519(timestamp + "|" + raw body)).</summary>
    private static string Sign(string timestamp, string body) =>
        Convert.ToBase64String(Ed25519TestSigner.Sign(SecretKey, Encoding.UTF8.GetBytes(timestamp + "|" + body)));

    private static HttpRequestMessage Request(string body, string? timestamp, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Route)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (timestamp is not null) request.Headers.Add("telnyx-timestamp", timestamp);
        if (signature is not null) request.Headers.Add("telnyx-signature-ed25519", signature);
        return request;
    }
}
