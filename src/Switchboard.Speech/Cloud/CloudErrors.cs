using System.Text.Json;

namespace Switchboard.Speech.Cloud;

/// <summary>Turns vendor error answers into <see cref="SpeechProviderException"/>s carrying the vendor's own message.</summary>
internal static class CloudErrors
{
    private const int MaxBodyChars = 2000;

    /// <summary>Reads the body of a failed response and extracts the vendor's message.</summary>
    internal static async Task<SpeechProviderException> FromResponseAsync(string provider, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            body = string.Empty;
        }

        return new SpeechProviderException(provider, (int)response.StatusCode, ExtractMessage(body) ?? response.ReasonPhrase ?? "no error message");
    }

    /// <summary>
    /// The human-readable message in a vendor's JSON error: OpenAI's <c>error.message</c>, ElevenLabs'
    /// <c>detail.message</c> or <c>detail</c>, Deepgram's <c>err_msg</c>, or a plain <c>message</c>/<c>error</c>;
    /// otherwise the body itself, shortened; null when empty.
    /// </summary>
    internal static string? ExtractMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && FindMessage(document.RootElement) is { } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body itself is the best message we have.
        }

        string trimmed = body.Trim();
        return trimmed.Length <= MaxBodyChars ? trimmed : trimmed[..MaxBodyChars];
    }

    private static string? FindMessage(JsonElement root)
    {
        foreach (string container in new[] { "error", "detail" })
        {
            if (root.TryGetProperty(container, out JsonElement inner))
            {
                if (inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("message", out JsonElement nested) && nested.ValueKind == JsonValueKind.String)
                {
                    return nested.GetString();
                }

                if (inner.ValueKind == JsonValueKind.String && root.TryGetProperty("message", out JsonElement both) && both.ValueKind == JsonValueKind.String)
                {
                    return $"{inner.GetString()}: {both.GetString()}";
                }

                if (inner.ValueKind == JsonValueKind.String)
                {
                    return inner.GetString();
                }
            }
        }

        foreach (string key in new[] { "err_msg", "message", "description" })
        {
            if (root.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }
}
