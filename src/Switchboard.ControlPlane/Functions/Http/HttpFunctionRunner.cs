using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Outbound;
using Switchboard.ControlPlane.Secrets;
using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>
/// Sends an HTTP function's request through the SSRF-guarded outbound client (no redirects) and turns the answer
/// into what the LLM reads: <c>{status, variables?, body, body_truncated?}</c>. Failures are
/// <see cref="FunctionFailedException"/>s with codes the model can act on. The caller's token carries the function's
/// timeout. Scoped (uses the scope's database context for secrets and the signing key); not thread-safe.
/// </summary>
internal sealed class HttpFunctionRunner(IHttpClientFactory clients, SecretStore secrets, SwitchboardDbContext db, TimeProvider time)
{
    /// <summary>Responses larger than this are refused rather than read.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>The body is handed to the model up to this many characters, and marked as cut beyond it.</summary>
    public const int MaxBodyCharsForModel = 16 * 1024;

    public const int ErrorExcerptChars = 500;

    public async Task<JsonNode> RunAsync(HttpFunctionCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var settings = call.Settings;
        var secretValues = await secrets.ResolveAsync([.. settings.SecretNames], ct);
        var values = new TemplateValues(call.Arguments, call.DeclaredArguments, call.Variables, secretValues, call.Revealed);
        var (request, body) = HttpRequestComposer.Compose(settings, values);
        using var _ = request;
        if (settings.SignRequest) await SignAsync(request, call.OrganizationId, body, ct);

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(OutboundHttp.FunctionsClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (OutboundRequestRefusedException ex)
        {
            throw new FunctionFailedException(FunctionErrorCodes.RequestRefused, "The request was refused before it was sent: " + ex.Message);
        }
        catch (HttpRequestException ex)
        {
            throw new FunctionFailedException(FunctionErrorCodes.ConnectionFailed, "The server could not be reached: " + ex.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The client's own backstop timeout, not ours: still a timeout to the model.
            throw new FunctionFailedException(FunctionErrorCodes.Timeout, "The server did not answer in time.");
        }

        using (response)
        {
            byte[] bytes;
            try
            {
                bytes = await ReadCappedAsync(response, ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new FunctionFailedException(FunctionErrorCodes.ConnectionFailed, "The connection broke while reading the answer: " + ex.Message);
            }
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var text = Decode(bytes, response.Content.Headers.ContentType?.CharSet);
            if (status is < 200 or > 299)
            {
                var what = status is >= 300 and < 400
                    ? $"The server answered {status} (a redirect to '{response.Headers.Location}'); HTTP functions never follow redirects."
                    : $"The server answered {status} {response.ReasonPhrase}.";
                var excerpt = text.Length > ErrorExcerptChars ? text[..ErrorExcerptChars] + "…" : text;
                throw new FunctionFailedException(FunctionErrorCodes.HttpError, excerpt.Length == 0 ? what : what + " Body: " + excerpt);
            }
            return Result(status, mediaType, text, settings.ResponseMapping);
        }
    }

    private static JsonObject Result(int status, string? mediaType, string text, IReadOnlyList<KeyValuePair<string, JsonPath>> mapping)
    {
        var json = LooksLikeJson(mediaType, text) ? TryParse(text) : null;
        var result = new JsonObject { ["status"] = status };
        if (mapping.Count > 0)
        {
            var variables = new JsonObject();
            foreach (var (name, path) in mapping) variables[name] = json is null ? null : path.Evaluate(json);
            result["variables"] = variables;
        }
        if (text.Length == 0) result["body"] = null;
        else if (text.Length <= MaxBodyCharsForModel) result["body"] = json is not null ? json : JsonValue.Create(text);
        else
        {
            result["body"] = text[..MaxBodyCharsForModel];
            result["body_truncated"] = true;
            result["body_note"] = $"The body has {text.Length.ToString(CultureInfo.InvariantCulture)} characters; only the first "
                + $"{MaxBodyCharsForModel.ToString(CultureInfo.InvariantCulture)} are shown" + (json is null ? "." : ", as text.");
        }
        return result;
    }

    private async Task SignAsync(HttpRequestMessage request, string organizationId, byte[] body, CancellationToken ct)
    {
        var secret = await AgentWebhookSecrets.GetOrCreateAsync(db, organizationId, time, ct);
        var now = time.GetUtcNow();
        var keys = new List<string>(2) { secret.Secret };
        // During a rotation both signatures go out, as for webhook deliveries, so receivers can switch at their pace.
        if (secret.PreviousSecret is not null && secret.PreviousSecretExpiresAt > now) keys.Add(secret.PreviousSecret);
        var id = Ids.New("msg");
        var timestamp = now.ToUnixTimeSeconds();
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.SignatureHeader(keys, id, timestamp, body));
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes) throw TooLarge();
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static FunctionFailedException TooLarge() =>
        new(FunctionErrorCodes.ResponseTooLarge, $"The server's response is larger than {MaxResponseBytes} bytes (1 MB); it was not read.");

    private static string Decode(byte[] bytes, string? charset)
    {
        var encoding = Encoding.UTF8;
        if (charset is not null)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: UTF-8 is the best guess and the decoder replaces what does not fit.
            }
        }
        return encoding.GetString(bytes);
    }

    private static bool LooksLikeJson(string? mediaType, string text) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        || (mediaType is null && text.TrimStart() is ['{' or '[', ..]);

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
