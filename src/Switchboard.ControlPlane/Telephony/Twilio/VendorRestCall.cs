using System.Text;
using System.Text.Json;
using Switchboard.Realtime.Transports;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// Sends one transfer request to a vendor's REST API and turns the answer into a <see cref="TransferOutcome"/>: any 2xx
/// accepts; anything else refuses with the vendor's status and, when its error body says one, its short reason.
/// </summary>
internal static class VendorRestCall
{
    // Error bodies are a few hundred bytes; reading more would only let a broken proxy page fill the transcript.
    private const int MaxErrorBodyBytes = 8 * 1024;
    private const int MaxReasonLength = 160;

    public static async ValueTask<TransferOutcome> SendAsync(HttpClient client, HttpRequestMessage request, string vendor, string acceptedDetail,
        CancellationToken cancellationToken)
    {
        var (response, failure) = await SendAsync(client, request, vendor, cancellationToken).ConfigureAwait(false);
        response?.Dispose();
        return failure is null ? new TransferOutcome(true, acceptedDetail) : new TransferOutcome(false, failure);
    }

    /// <summary>The 2xx response (the caller disposes it), or why there is none: the vendor's status and reason, or
    /// that it could not be reached or did not answer in time.</summary>
    public static async ValueTask<(HttpResponseMessage? Response, string? Failure)> SendAsync(HttpClient client, HttpRequestMessage request, string vendor,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return (null, $"the {vendor} REST API could not be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"the {vendor} REST API did not answer in time");
        }
        if (response.IsSuccessStatusCode) return (response, null);
        using (response)
        {
            var status = $"the {vendor} REST API answered {(int)response.StatusCode} {response.ReasonPhrase}";
            var reason = await ReasonAsync(response, cancellationToken).ConfigureAwait(false);
            return (null, reason is null ? status : $"{status}: {reason}");
        }
    }

    /// <summary>The vendor's own words from an error body: Twilio and SignalWire send <c>{"message": …}</c>, Telnyx
    /// <c>{"errors": [{"title": …, "detail": …}]}</c>. Null when the body is not one of those.</summary>
    internal static string? Reason(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = true });
            if (!JsonDocument.TryParseValue(ref reader, out var document)) return null;
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return null;
                string? text = null;
                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String) text = message.GetString();
                else if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                         && errors[0].ValueKind == JsonValueKind.Object)
                {
                    var first = errors[0];
                    text = first.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()
                        : first.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null;
                }
                return Shorten(text);
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string?> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                length += read;
            return Reason(buffer.AsSpan(0, length));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null; // the status alone still explains the refusal
        }
    }

    private static string? Shorten(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var builder = new StringBuilder(Math.Min(text.Length, MaxReasonLength));
        foreach (var c in text.Trim())
        {
            if (builder.Length == MaxReasonLength)
            {
                builder.Append('…');
                break;
            }
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString();
    }
}
