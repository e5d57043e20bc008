using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.LiveCalls;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Transports.Browser;

namespace Switchboard.ControlPlane.WebCalls;

/// <summary>
/// <c>GET /api/v1/calls/{id}/stream?access_token=…</c>: checks the token before the upgrade (401 problem+json when it is
/// missing, bad, expired, for another call or used), then runs the registered call over the browser's WebSocket and
/// forwards the call's transcript and end to the page.
/// </summary>
internal static partial class WebCallStream
{
    /// <summary>How long the last events may take to reach the page after the call ended.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(5);

    public static async Task<IResult> ConnectAsync(string id, HttpContext http, WebCallTokens tokens, OrganizationDbContextFactory contexts,
        LiveCallHost host, IOptions<LiveCallOptions> limits, TimeProvider time, ILoggerFactory loggers)
    {
        // The token first, so every refusal is the same 401 whatever the client is; it is used up only by a real upgrade.
        var check = await tokens.CheckAsync(http.Request.Query["access_token"].ToString(), id);
        if (!check.IsValid) return Unauthorized(check.Error!);
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required",
                detail: "Connect to this URL with a WebSocket (ws:// or wss://).",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.BadRequest });
        }
        var organizationId = check.OrganizationId!;

        Call? call;
        await using (var db = contexts.Create(organizationId))
        {
            call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        }
        if (call is null || call.Direction != "web") return Unauthorized("The access token's call no longer exists.");
        if (call.Status != CallStatuses.Registered) return Unauthorized("This call has already been connected; create a new web call.");
        if (!host.HasCapacity(organizationId))
        {
            http.Response.Headers.RetryAfter = limits.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "At capacity",
                detail: "The server or your organization is at its concurrent call limit; retry later.",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.AtCapacity });
        }
        // Used up only now: a refusal above leaves the token good for a retry.
        if (!tokens.TryConsume(check)) return Unauthorized(WebCallTokens.UsedMessage);

        var socket = await http.WebSockets.AcceptWebSocketAsync();
        await RunAsync(socket, call, organizationId, host, time, loggers.CreateLogger(typeof(WebCallStream)));
        return TypedResults.Empty;
    }

    private static async Task RunAsync(WebSocket socket, Call call, string organizationId, LiveCallHost host, TimeProvider time, ILogger logger)
    {
        var channel = new BrowserMediaChannel(socket, call.Id, call.AgentId, time: time, logger: logger);
        var lease = new ChannelLease(channel);
        var request = new LiveCallRequest(organizationId, call.AgentId, call.AgentVersion, CallDirection.Web, null, null, "web")
        {
            CallId = call.Id,
            DynamicVariables = call.DynamicVariables is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(call.DynamicVariables, JsonDefaults.Options),
            Metadata = call.Metadata,
        };

        LiveCall live;
        try
        {
            live = await host.StartAsync(request, lease, CancellationToken.None);
        }
        catch (Exception e) when (e is CallCapacityException or ArgumentException)
        {
            // The channel never started, so the socket is still ours to answer.
            await channel.DisposeAsync();
            // The page may be an end user's: it learns what happened, not how the server is configured.
            var (code, status, message) = e is CallCapacityException
                ? (ErrorCodes.AtCapacity, (WebSocketCloseStatus)1013, "The service is at its concurrent call limit; try again shortly.")
                : ("agent_unavailable", WebSocketCloseStatus.InternalServerError, "This agent cannot take calls right now.");
            LogRefused(logger, e, call.Id, code);
            await RefuseAsync(socket, code, message, status);
            return;
        }

        var events = live.Subscribe();
        channel.Start();
        using var stop = new CancellationTokenSource();
        var forwarding = ForwardAsync(events, channel, stop.Token);
        await lease.Released;
        try
        {
            await forwarding.WaitAsync(EndGrace, time);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            await forwarding;
        }
        finally
        {
            live.Unsubscribe(events);
            await channel.DisposeAsync();
        }
    }

    private static async Task ForwardAsync(ChannelReader<CallEvent> events, BrowserMediaChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var callEvent in events.ReadAllAsync(cancellationToken))
            {
                await channel.ForwardAsync(callEvent, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page stopped reading; the channel closes without the rest.
        }
    }

    private static async Task RefuseAsync(WebSocket socket, string code, string message, WebSocketCloseStatus status)
    {
        try
        {
            var error = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["type"] = "error", ["code"] = code, ["message"] = message });
            await socket.SendAsync(error, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            await socket.CloseOutputAsync(status, code, CancellationToken.None);
            using var timeout = new CancellationTokenSource(EndGrace);
            var buffer = new byte[1024];
            while (socket.State == WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid access token", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.InvalidAccessToken });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web call {CallId} refused after connecting: {Code}.")]
    private static partial void LogRefused(ILogger logger, Exception exception, string callId, string code);
}
