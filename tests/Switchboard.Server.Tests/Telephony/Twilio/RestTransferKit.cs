using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Telephony.Twilio;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>What the transfer clients need outside a server: real HTTP clients, options, and a stream's <c>start</c>.</summary>
internal static class RestTransferKit
{
    public static IHttpClientFactory HttpClients() =>
        new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();

    public static IOptions<TwilioTelephonyOptions> Options(Action<TwilioTelephonyOptions> configure)
    {
        var options = new TwilioTelephonyOptions();
        configure(options);
        options.Validate();
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public static MediaStreamStart Start(string? callId, string? accountId = null) =>
        new("MZ00000000000000000000000000000001", callId, accountId, new Dictionary<string, string>(), MediaStreamEncoding.MuLaw, 8000, null, null);

    /// <summary>A local URL where nothing listens (a port just released), for "the API cannot be reached".</summary>
    public static string ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
