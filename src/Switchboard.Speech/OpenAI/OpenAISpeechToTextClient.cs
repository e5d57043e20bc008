// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Wav;
using Switchboard.Speech.Cloud;
using Switchboard.Speech.PocketSphinx;

namespace Switchboard.Speech.OpenAI;

/// <summary>
/// Speech-to-text with OpenAI's transcription endpoint (<c>POST /v1/audio/transcriptions</c>, multipart, a WAV file
/// built from the PCM), e.g. gpt-4o-mini-transcribe or whisper-1. Not streaming: the whole audio is sent once it has
/// been read, and the result is one final.
/// </summary>
/// <remarks>
/// <para><b>Input.</b> Raw little-endian mono PCM16 at <see cref="SpeechToTextOptions.SpeechSampleRate"/> (default
/// 16000) or a WAV file, as for the other clients; sent as a PCM16 WAV at its own rate.</para>
/// <para><b>Updates.</b> <see cref="GetStreamingTextAsync"/> yields a single
/// <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/> with the whole transcript, or nothing when it is empty.</para>
/// <para><b>Hints.</b> Keywords and expected phrases (<see cref="SpeechHints"/>) go into the <c>prompt</c> field,
/// which OpenAI documents as the way to steer spelling and vocabulary.</para>
/// <para><b>Errors.</b> HTTP errors throw <see cref="SpeechProviderException"/> with OpenAI's <c>error.message</c>.</para>
/// <para><b>Thread-safety.</b> All members are thread-safe. The caller owns the input stream, and a passed-in
/// <see cref="HttpClient"/>; one created here is disposed with the client.</para>
/// </remarks>
public sealed class OpenAISpeechToTextClient : ISpeechToTextClient
{
    internal const string ProviderName = "openai";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly string _model;
    private readonly string[] _keywords;
    private readonly SpeechToTextClientMetadata _metadata;

    /// <summary>Creates the client.</summary>
    /// <param name="options">Key, base address, model.</param>
    /// <param name="httpClient">HTTP client to use (e.g. from IHttpClientFactory); not disposed by this client.</param>
    /// <exception cref="ArgumentException">The key or base address is missing or invalid.</exception>
    public OpenAISpeechToTextClient(OpenAISpeechToTextClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authorization = new AuthenticationHeaderValue("Bearer", CloudUris.RequireKey(options.ApiKey, nameof(options.ApiKey)));
        _endpoint = new Uri(CloudUris.RequireBase(options.BaseUri, nameof(options.BaseUri), "https", "http"), "audio/transcriptions");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Model, nameof(options));
        _model = options.Model;
        _keywords = [.. options.Keywords];
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient();
        _metadata = new SpeechToTextClientMetadata(ProviderName, new Uri(_endpoint.GetLeftPart(UriPartial.Authority)), _model);
    }

    /// <summary>Transcribes the whole stream in one request.</summary>
    /// <exception cref="ArgumentException">The stream is unreadable, empty, a bad WAV file, or at an unsupported rate.</exception>
    /// <exception cref="SpeechProviderException">OpenAI refused or failed.</exception>
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        if (!audioSpeechStream.CanRead)
        {
            throw new ArgumentException("The audio stream is not readable.", nameof(audioSpeechStream));
        }

        int rate = options?.SpeechSampleRate ?? AudioSampleRates.Rate16000;
        if (!AudioSampleRates.IsSupported(rate))
        {
            throw new ArgumentException($"Unsupported speech sample rate {rate} Hz; use 8000, 16000, 24000 or 48000.", nameof(options));
        }

        byte[] wav = await ReadAsWavAsync(audioSpeechStream, rate, cancellationToken);
        string model = string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options.ModelId;
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "audio.wav");
        form.Add(new StringContent(model), "model");
        form.Add(new StringContent("json"), "response_format");
        if (Language(options) is { } language)
        {
            form.Add(new StringContent(language), "language");
        }

        if (Prompt(options) is { } prompt)
        {
            form.Add(new StringContent(prompt), "prompt");
        }

        using var response = await CloudHttp.SendAsync(
            ProviderName, _http, new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = form }, _authorization, HttpCompletionOption.ResponseContentRead, cancellationToken);
        string text = await ReadTextAsync(response, cancellationToken);
        return new SpeechToTextResponse(text) { ModelId = model };
    }

    /// <summary>Transcribes the whole stream in one request and yields its text as one final update.</summary>
    /// <exception cref="ArgumentException">The stream is unreadable (thrown here), or its audio unusable (when enumerating).</exception>
    /// <exception cref="SpeechProviderException">OpenAI refused or failed (when enumerating).</exception>
    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        if (!audioSpeechStream.CanRead)
        {
            throw new ArgumentException("The audio stream is not readable.", nameof(audioSpeechStream));
        }

        return StreamAsync(audioSpeechStream, options, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(SpeechToTextClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Disposes the HTTP client if this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static async Task<byte[]> ReadAsWavAsync(Stream stream, int rate, CancellationToken cancellationToken)
    {
        var source = await PcmSource.OpenAsync(stream, rate, cancellationToken);
        var samples = new List<short>();
        short[] chunk = new short[source.SampleRate / 10];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            samples.AddRange(chunk.AsSpan(0, read));
        }

        if (samples.Count == 0)
        {
            throw new ArgumentException("The audio holds no samples.", nameof(stream));
        }

        using var wav = new MemoryStream((samples.Count * 2) + 64);
        WavWriter.Write(wav, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples), source.SampleRate);
        return wav.ToArray();
    }

    private static string? Language(SpeechToTextOptions? options)
    {
        // The endpoint takes ISO-639-1 ("en"), not a locale ("en-US").
        string? language = options?.SpeechLanguage?.Trim();
        if (string.IsNullOrEmpty(language))
        {
            return null;
        }

        int dash = language.IndexOfAny(['-', '_']);
        return (dash > 0 ? language[..dash] : language).ToLowerInvariant();
    }

    private static async Task<string> ReadTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("text", out JsonElement text)
                && text.ValueKind == JsonValueKind.String)
            {
                return text.GetString()!.Trim();
            }
        }
        catch (JsonException ex)
        {
            throw new SpeechProviderException(ProviderName, (int)response.StatusCode, $"unreadable transcription response: {ex.Message}", ex);
        }

        throw new SpeechProviderException(ProviderName, (int)response.StatusCode, "the transcription response has no \"text\" field");
    }

    private string? Prompt(SpeechToTextOptions? options)
    {
        var hints = new List<string>();
        foreach (string hint in _keywords.Concat(SpeechHints.Read(options)))
        {
            string trimmed = (hint ?? string.Empty).Trim();
            if (trimmed.Length > 0 && !hints.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            {
                hints.Add(trimmed);
            }
        }

        return hints.Count == 0 ? null : "Vocabulary: " + string.Join(", ", hints) + ".";
    }

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> StreamAsync(Stream stream, SpeechToTextOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = await GetTextAsync(stream, options, cancellationToken);
        if (response.Text.Length > 0)
        {
            yield return new SpeechToTextResponseUpdate(response.Text)
            {
                Kind = SpeechToTextResponseUpdateKind.TextUpdated,
                ModelId = response.ModelId,
            };
        }
    }
}
