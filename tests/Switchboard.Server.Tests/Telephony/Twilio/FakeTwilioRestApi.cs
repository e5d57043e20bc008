using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>One call update the fake received.</summary>
internal sealed record CallUpdate(string Account, string CallSid, string? Authorization, string? Twiml);

/// <summary>
/// A local HTTP server answering Twilio's call-update route (<c>POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json</c>,
/// form-encoded, HTTP Basic with account SID and auth token) the way Twilio documents it: the call resource as JSON.
/// </summary>
internal sealed class FakeTwilioRestApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeTwilioRestApi(WebApplication app) => _app = app;

    public ConcurrentQueue<CallUpdate> Updates { get; } = new();

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<FakeTwilioRestApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeTwilioRestApi(app);
        app.MapPost("/2010-04-01/Accounts/{account}/Calls/{sid}.json", async (string account, string sid, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            fake.Updates.Enqueue(new CallUpdate(account, sid, request.Headers.Authorization.ToString(), form["Twiml"].ToString()));
            return Results.Json(new Dictionary<string, object?>
            {
                ["sid"] = sid,
                ["account_sid"] = account,
                ["status"] = "in-progress",
                ["uri"] = $"/2010-04-01/Accounts/{account}/Calls/{sid}.json",
            });
        });
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
