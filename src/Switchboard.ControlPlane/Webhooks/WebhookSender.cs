using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.ControlPlane.Outbound;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>
/// Sends one signed request through the outbound (SSRF-guarded) client and reports what happened; never throws
/// for anything the receiver or the network did. Thread-safe.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time)
{
    public const int ExcerptBytes = 1024;

    public async Task<WebhookAttemptResult> SendAsync(string url, string messageId, string payload, IReadOnlyList<string> secrets,
        IReadOnlyDictionary<string, string> headers, TimeSpan timeout, CancellationToken stoppingToken)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.SignatureHeader(secrets, messageId, timestamp, body));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        var started = time.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(OutboundHttp.ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var excerpt = await ReadExcerptAsync(response, linked.Token);
            var status = (int)response.StatusCode;
            string? error = status switch
            {
                >= 300 and < 400 => $"Redirect to '{response.Headers.Location}' not followed: webhooks never follow redirects.",
                >= 200 and < 300 => null,
                _ => $"The receiver answered {status}.",
            };
            return new WebhookAttemptResult(status, Elapsed(started), excerpt, error, RetryAfter(response, now));
        }
        catch (OutboundRequestRefusedException ex)
        {
            return new WebhookAttemptResult(null, Elapsed(started), null, "Refused: " + ex.Message, null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            return new WebhookAttemptResult(null, Elapsed(started), null, $"No response within {timeout.TotalSeconds:0} s.", null);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookAttemptResult(null, Elapsed(started), null, "Connection failed: " + ex.Message, null);
        }
    }

    /// <summary>An endpoint's custom headers as stored (a JSON object of strings).</summary>
    public static IReadOnlyDictionary<string, string> ParseHeaders(string headersJson) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(headersJson) ?? [];

    private int Elapsed(long started) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(started).TotalMilliseconds);

    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ExcerptBytes];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), ct)) > 0) filled += read;
        if (filled == 0) return null;
        // Cutting at 1 KB may split a character; the decoder replaces the fragment rather than failing.
        return Encoding.UTF8.GetString(buffer, 0, filled);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }
}
