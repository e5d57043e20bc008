using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.LiveCalls;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// The Media Streams telephony routes, per vendor (<c>twilio</c>, <c>signalwire</c>, <c>telnyx</c>):
/// <c>POST /api/v1/telephony/{vendor}/voice</c>, the voice webhook a number points at, answers TwiML that connects the
/// call to <c>GET /api/v1/telephony/{vendor}/stream</c>, the WebSocket that runs it. Neither takes an API key (the
/// vendor cannot send one): the webhook is authenticated by the vendor's signature when configured, the stream by the
/// short-lived token the webhook put in its TwiML. Both fall under the per-IP rate limit of unauthenticated requests.
/// </summary>
internal static partial class TwilioTelephonyEndpoints
{
    public const string InvalidSignatureCode = "invalid_signature";
    private const string FormContentType = "application/x-www-form-urlencoded";
    private const int MaxSignedBodyBytes = 64 * 1024;

    public static void MapTwilioTelephonyEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/telephony").WithTags("Telephony").AllowAnonymous();
        foreach (var vendor in MediaStreamVendor.All)
        {
            group.MapPost($"/{vendor.Name}/voice",
                    (HttpContext http, LiveCallHost host, StreamTokenSigner signer, IOptions<TwilioTelephonyOptions> options, ILoggerFactory loggers, CancellationToken ct) =>
                        VoiceAsync(vendor, http, host, signer, options.Value, loggers, ct))
                .WithName($"{vendor.DisplayName}VoiceWebhook")
                .WithSummary($"{vendor.DisplayName} voice webhook (form-encoded CallSid, From, To, ...): answers TwiML connecting the call to this server's media stream, or <Reject/> for an unknown number.")
                .Accepts<Dictionary<string, string>>(FormContentType)
                .Produces<string>(StatusCodes.Status200OK, Twiml.ContentType)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status429TooManyRequests);
            group.MapGet($"/{vendor.Name}/stream",
                    (HttpContext http, LiveCallHost host, StreamTokenSigner signer, TwilioCallRedirector redirector, TelnyxCallTransferrer telnyx,
                        TwilioConsultDialer consults, IOptions<TwilioTelephonyOptions> options, ILoggerFactory loggers, TimeProvider time) =>
                        StreamAsync(vendor, http, host, signer, TransferHandler(vendor, redirector, telnyx), consults, options.Value, loggers, time))
                .WithName($"{vendor.DisplayName}MediaStream")
                .WithSummary($"{vendor.DisplayName} Media Streams WebSocket: send connected and start (with the token parameter from the voice webhook's TwiML), then media; receives media, mark and clear.")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status429TooManyRequests);
        }
        group.MapGet("/twilio/consult-stream",
                (HttpContext http, TwilioConsultRegistry consults, ILoggerFactory loggers, TimeProvider time) => ConsultStreamAsync(http, consults, loggers, time))
            .WithName("TwilioConsultStream")
            .WithSummary("Media Streams WebSocket of a warm transfer's second call (placed by this server, with a single-use token parameter): carries the agent's briefing to whoever answered.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> VoiceAsync(MediaStreamVendor vendor, HttpContext http, LiveCallHost host,
        StreamTokenSigner signer, TwilioTelephonyOptions options, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
            return ApiProblems.Validation("body", $"The voice webhook takes a {FormContentType} body, as {vendor.DisplayName} sends it.");
        var logger = loggers.CreateLogger(typeof(TwilioTelephonyEndpoints));
        if (vendor.Dialect == MediaStreamDialect.Telnyx && TelnyxSignature.TryDecodePublicKey(options.TelnyxPublicKey, out var telnyxKey))
        {
            // Telnyx signs the raw bytes, so read them before the form parser consumes the body, then rewind for it.
            http.Request.EnableBuffering();
            var body = await ReadBodyAsync(http.Request, ct);
            if (body is null) return ApiProblems.Validation("body", $"The voice webhook body is larger than {MaxSignedBodyBytes} bytes.");
            http.Request.Body.Position = 0;
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            if (!TelnyxSignature.IsValid(telnyxKey, http.Request.Headers[TelnyxSignature.TimestampHeader].ToString(),
                    http.Request.Headers[TelnyxSignature.SignatureHeader].ToString(), body, now))
            {
                LogBadSignature(logger, vendor.Name);
                return TypedResults.Problem(statusCode: 403, title: "Invalid signature",
                    detail: $"The request's {TelnyxSignature.SignatureHeader} does not verify over {TelnyxSignature.TimestampHeader}|body under the configured TelnyxPublicKey, or the timestamp is more than {TelnyxSignature.Tolerance.TotalMinutes:0} minutes from now.",
                    extensions: new Dictionary<string, object?> { ["code"] = InvalidSignatureCode });
            }
        }
        var form = await http.Request.ReadFormAsync(ct);
        if (vendor.SigningSecret(options) is { } secret)
        {
            var signature = http.Request.Headers[TwilioSignature.Header].ToString();
            if (signature.Length == 0) signature = http.Request.Headers[TwilioSignature.SignalWireHeader].ToString();
            if (!TwilioSignature.IsValid(secret, PublicUrl(http, options), form, signature))
            {
                LogBadSignature(logger, vendor.Name);
                return TypedResults.Problem(statusCode: 403, title: "Invalid signature",
                    detail: $"The request's {TwilioSignature.Header} does not match this URL and body under the configured {vendor.DisplayName} secret.",
                    extensions: new Dictionary<string, object?> { ["code"] = InvalidSignatureCode });
            }
        }

        var to = form["To"].ToString();
        var from = form["From"].ToString();
        var callSid = form["CallSid"].ToString();
        if (to.Length == 0) return ApiProblems.Validation("To", "To (the dialled number) is required.");

        var router = http.RequestServices.GetService<IInboundCallRouter>();
        var route = router is null ? null : await router.ResolveAsync(to, NullIfEmpty(from), vendor.Name, ct);
        if (route is null)
        {
            LogUnknownNumber(logger, vendor.Name);
            return Xml(Twiml.Reject("rejected"));
        }
        if (!host.HasCapacity(route.OrganizationId)) return Xml(Twiml.Reject("busy"));

        var expires = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(options.StreamTokenLifetimeSeconds);
        var token = signer.Create(new StreamTokenClaims(route.OrganizationId, route.AgentId, route.AgentVersion, to, NullIfEmpty(from),
            NullIfEmpty(callSid), route.IvrMenuId, route.DynamicVariables, route.Metadata, expires));
        return Xml(Twiml.Connect(StreamUrl(http, options, vendor), token, vendor.Dialect));
    }

    private static async Task<IResult> StreamAsync(MediaStreamVendor vendor, HttpContext http, LiveCallHost host, StreamTokenSigner signer,
        Func<string, MediaStreamStart, CancellationToken, ValueTask<TransferOutcome>> transfer, TwilioConsultDialer consults, TwilioTelephonyOptions settings,
        ILoggerFactory loggers, TimeProvider time)
    {
        if (!http.WebSockets.IsWebSocketRequest)
            return ApiProblems.Validation("connection", "This route is a WebSocket (Media Streams); connect with an Upgrade request.");
        var logger = loggers.CreateLogger(typeof(TwilioTelephonyEndpoints));
        var ct = http.RequestAborted;
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        TwilioMediaChannel channel;
        string? ourNumber = null; // set from the token below, before the call (and so any transfer) starts
        var consultUrl = ConsultStreamUrl(http, settings);
        try
        {
            var options = new TwilioMediaChannelOptions
            {
                Dialect = vendor.Dialect,
                Time = time,
                TransferHandler = transfer,
                // Warm transfers: Twilio only (the second call streams back to /twilio/consult-stream).
                ConsultHandler = vendor.Dialect == MediaStreamDialect.Twilio
                    ? (target, start, ct) => consults.ConsultAsync(target, start, ourNumber, consultUrl, ct)
                    : null,
            };
            channel = await TwilioMediaChannel.AcceptAsync(socket, options, ct);
        }
        catch (MediaStreamProtocolException e)
        {
            LogProtocolError(logger, vendor.Name, e.Message);
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.ProtocolError, e.Message);
            return Results.Empty;
        }

        var claims = signer.Validate(channel.Start.CustomParameters.GetValueOrDefault("token"));
        if (claims is null)
        {
            LogBadToken(logger, vendor.Name);
            await channel.RejectAsync(WebSocketCloseStatus.PolicyViolation, "missing, invalid or expired stream token", ct);
            return Results.Empty;
        }

        ourNumber = claims.Number;
        var request = new LiveCallRequest(claims.OrganizationId, claims.AgentId, claims.AgentVersion, CallDirection.Inbound,
            claims.From, claims.Number, vendor.Name)
        {
            DynamicVariables = claims.DynamicVariables,
            Metadata = claims.Metadata,
            IvrMenuId = claims.IvrMenuId,
        };
        LiveCall call;
        try
        {
            call = await host.StartAsync(request, channel, ct); // owns the channel from here, also when it throws
        }
        catch (Exception e) when (e is CallCapacityException or ArgumentException)
        {
            LogNotStarted(logger, vendor.Name, e.Message);
            return Results.Empty;
        }
        LogConnected(logger, vendor.Name, call.CallId, claims.CallSid ?? "");
        // The socket lives as long as this request: hold it until the call is over.
        await call.Completion;
        return Results.Empty;
    }

    private static async Task<IResult> ConsultStreamAsync(HttpContext http, TwilioConsultRegistry consults, ILoggerFactory loggers, TimeProvider time)
    {
        if (!http.WebSockets.IsWebSocketRequest)
            return ApiProblems.Validation("connection", "This route is a WebSocket (Media Streams); connect with an Upgrade request.");
        var logger = loggers.CreateLogger(typeof(TwilioTelephonyEndpoints));
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        TwilioMediaChannel channel;
        try
        {
            channel = await TwilioMediaChannel.AcceptAsync(socket, new TwilioMediaChannelOptions { Dialect = MediaStreamDialect.Twilio, Time = time },
                http.RequestAborted);
        }
        catch (MediaStreamProtocolException e)
        {
            LogProtocolError(logger, "twilio", e.Message);
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.ProtocolError, e.Message);
            return Results.Empty;
        }
        var stream = new ConsultStream(channel);
        if (!consults.TryAnswer(channel.Start.CustomParameters.GetValueOrDefault("token"), stream))
        {
            LogBadToken(logger, "twilio consult");
            await channel.RejectAsync(WebSocketCloseStatus.PolicyViolation, "no transfer is waiting for this stream", http.RequestAborted);
            return Results.Empty;
        }
        // The transfer's leg owns the channel now; the socket lives as long as this request.
        await stream.Released;
        return Results.Empty;
    }

    private static string ConsultStreamUrl(HttpContext http, TwilioTelephonyOptions options) =>
        StreamUrl(http, options, MediaStreamVendor.All.First(v => v.Dialect == MediaStreamDialect.Twilio))[..^"/stream".Length] + "/consult-stream";

    /// <summary>How a transfer leaves this vendor's stream: its REST API (refusing with the missing setting when not configured).</summary>
    private static Func<string, MediaStreamStart, CancellationToken, ValueTask<TransferOutcome>> TransferHandler(MediaStreamVendor vendor,
        TwilioCallRedirector redirector, TelnyxCallTransferrer telnyx) => vendor.Dialect switch
    {
        MediaStreamDialect.Telnyx => telnyx.TransferAsync,
        _ => (target, start, ct) => redirector.TransferAsync(vendor.Dialect, target, start, ct),
    };

    /// <summary>The whole body, or null past <see cref="MaxSignedBodyBytes"/> (a voice webhook is a few hundred bytes;
    /// the cap keeps an unauthenticated sender from making us buffer megabytes before the signature check).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxSignedBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxSignedBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ContentHttpResult Xml(string document) => TypedResults.Content(document, Twiml.ContentType, System.Text.Encoding.UTF8);

    /// <summary>The URL the vendor requested, which its signature covers.</summary>
    private static string PublicUrl(HttpContext http, TwilioTelephonyOptions options)
    {
        var request = http.Request;
        var path = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        return string.IsNullOrEmpty(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host.ToUriComponent()}{path}"
            : options.PublicBaseUrl.TrimEnd('/') + path;
    }

    private static string StreamUrl(HttpContext http, TwilioTelephonyOptions options, MediaStreamVendor vendor)
    {
        var path = $"{http.Request.PathBase}/api/v1/telephony/{vendor.Name}/stream";
        if (!string.IsNullOrEmpty(options.PublicBaseUrl))
        {
            var baseUri = new Uri(options.PublicBaseUrl);
            var scheme = baseUri.Scheme == "http" ? "ws" : "wss";
            return $"{scheme}://{baseUri.Authority}{baseUri.AbsolutePath.TrimEnd('/')}/api/v1/telephony/{vendor.Name}/stream";
        }
        // Vendors only connect to wss://; a plain-http request here means TLS ends at a proxy in front of us.
        return $"wss://{http.Request.Host.ToUriComponent()}{path}";
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(status, reason.Length > 120 ? reason[..120] : reason, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Vendor} voice webhook refused: bad signature.")]
    private static partial void LogBadSignature(ILogger logger, string vendor);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Vendor} voice webhook: no number matches the dialled number; rejected.")]
    private static partial void LogUnknownNumber(ILogger logger, string vendor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Vendor} media stream closed: {Reason}")]
    private static partial void LogProtocolError(ILogger logger, string vendor, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Vendor} media stream refused: missing, invalid or expired token.")]
    private static partial void LogBadToken(ILogger logger, string vendor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Vendor} media stream: the call could not start: {Reason}")]
    private static partial void LogNotStarted(ILogger logger, string vendor, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Vendor} media stream connected as call {CallId} (vendor call {VendorCallId}).")]
    private static partial void LogConnected(ILogger logger, string vendor, string callId, string vendorCallId);
}
