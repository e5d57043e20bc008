using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.Server.Tests.Telephony.Twilio;

/// <summary>One transfer command the fake received.</summary>
internal sealed record TelnyxTransferCommand(string CallControlId, string? Authorization, string? ContentType, JsonObject? Body);

/// <summary>
/// A local HTTP server answering Telnyx Call Control's transfer command (<c>POST /v2/calls/{call_control_id}/actions/transfer</c>,
/// JSON, bearer API key) the way Telnyx documents it: <c>{"data":{"result":"ok"}}</c>, or with <c>failWith</c> its
/// error body (<c>{"errors":[{"code","title","detail"}]}</c>).
/// </summary>
internal sealed class FakeTelnyxCallControlApi : IAsyncDisposable
{
    public const string ErrorDetail = "Call has already ended";
    private readonly WebApplication _app;

    private FakeTelnyxCallControlApi(WebApplication app) => _app = app;

    public ConcurrentQueue<TelnyxTransferCommand> Commands { get; } = new();

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<FakeTelnyxCallControlApi> StartAsync(HttpStatusCode? failWith = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeTelnyxCallControlApi(app);
        app.MapPost("/v2/calls/{id}/actions/transfer", async (string id, HttpRequest request) =>
        {
            JsonObject? body = null;
            try
            {
                body = (await JsonNode.ParseAsync(request.Body))?.AsObject();
            }
            catch (System.Text.Json.JsonException)
            {
                // Recorded as null: the test's assertion on the body says what was wrong.
            }
            fake.Commands.Enqueue(new TelnyxTransferCommand(id, request.Headers.Authorization.ToString(), request.ContentType, body));
            if (failWith is { } status)
            {
                return Results.Json(new JsonObject
                {
                    ["errors"] = new JsonArray(new JsonObject { ["code"] = "90018", ["title"] = "Call has already ended", ["detail"] = ErrorDetail }),
                }, statusCode: (int)status);
            }
            return Results.Json(new JsonObject { ["data"] = new JsonObject { ["result"] = "ok" } });
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
