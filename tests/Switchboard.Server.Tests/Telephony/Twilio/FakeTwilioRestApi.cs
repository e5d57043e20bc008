using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>One call update the fake received (new TwiML, or a new status such as <c>completed</c>).</summary>
internal sealed record CallUpdate(string Account, string CallSid, string? Authorization, string? Twiml, string? Status = null);

/// <summary>
/// A local HTTP server answering Twilio's call-update route (<c>POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json</c>,
/// form-encoded, HTTP Basic with account SID and auth token), call creation (<c>POST …/Calls.json</c>) and call reads
/// (<c>GET …/Calls/{CallSid}.json</c>) the way Twilio documents them: the call resource as JSON, or
/// with <c>failWith</c> Twilio's error body (<c>code</c>, <c>message</c>, <c>more_info</c>, <c>status</c>). With a
/// <c>prefix</c> of <c>/api/laml</c> it is SignalWire's Compatibility API, which has the same shape under that root.
/// </summary>
internal sealed class FakeTwilioRestApi : IAsyncDisposable
{
    public const string NotFoundMessage = "The requested resource was not found";
    private readonly WebApplication _app;

    private FakeTwilioRestApi(WebApplication app) => _app = app;

    public const string CreatedSid = "CA00000000000000000000000000000002";

    public ConcurrentQueue<CallUpdate> Updates { get; } = new();

    /// <summary>The calls created (<c>POST …/Calls.json</c>), as form fields; each gets <see cref="CreatedSid"/>.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Creates { get; } = new();

    /// <summary>Completes with the form fields of the first created call.</summary>
    public Task<Dictionary<string, string>> FirstCreate => _firstCreate.Task;

    private readonly TaskCompletionSource<Dictionary<string, string>> _firstCreate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls whose updates are answered with <c>failWith</c>'s error (404 when not set), the others as usual.</summary>
    public ConcurrentDictionary<string, bool> FailingUpdates { get; } = new(StringComparer.Ordinal);

    /// <summary>What <c>GET …/Calls/{sid}.json</c> answers as the call's status.</summary>
    public string CreatedStatus { get; set; } = "ringing";

    /// <summary>The server's root, to configure as the vendor's API base (the prefix is not part of it).</summary>
    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<FakeTwilioRestApi> StartAsync(string prefix = "", HttpStatusCode? failWith = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeTwilioRestApi(app);
        app.MapPost(prefix + "/2010-04-01/Accounts/{account}/Calls.json", async (string account, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            fields["Authorization"] = request.Headers.Authorization.ToString();
            fake.Creates.Enqueue(fields);
            fake._firstCreate.TrySetResult(fields);
            return Results.Json(new Dictionary<string, object?>
            {
                ["sid"] = CreatedSid,
                ["account_sid"] = account,
                ["to"] = fields.GetValueOrDefault("To"),
                ["from"] = fields.GetValueOrDefault("From"),
                ["status"] = "queued",
            }, statusCode: StatusCodes.Status201Created);
        });
        app.MapGet(prefix + "/2010-04-01/Accounts/{account}/Calls/{sid}.json", (string account, string sid) => Results.Json(new Dictionary<string, object?>
        {
            ["sid"] = sid,
            ["account_sid"] = account,
            ["status"] = sid == CreatedSid ? fake.CreatedStatus : "in-progress",
        }));
        app.MapPost(prefix + "/2010-04-01/Accounts/{account}/Calls/{sid}.json", async (string account, string sid, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            fake.Updates.Enqueue(new CallUpdate(account, sid, request.Headers.Authorization.ToString(), NullIfEmpty(form["Twiml"].ToString()),
                NullIfEmpty(form["Status"].ToString())));
            if (failWith is not null || fake.FailingUpdates.ContainsKey(sid))
            {
                var status = failWith ?? HttpStatusCode.NotFound;
                return Results.Json(new Dictionary<string, object?>
                {
                    ["code"] = 20404,
                    ["message"] = NotFoundMessage,
                    ["more_info"] = "https://www.twilio.com/docs/errors/20404",
                    ["status"] = (int)status,
                }, statusCode: (int)status);
            }
            return Results.Json(new Dictionary<string, object?>
            {
                ["sid"] = sid,
                ["account_sid"] = account,
                ["status"] = "in-progress",
                ["uri"] = $"{prefix}/2010-04-01/Accounts/{account}/Calls/{sid}.json",
            });
        });
        await app.StartAsync();
        return fake;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
