// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Resampling;
using Switchboard.Speech.Cloud;
using Switchboard.Speech.Flite;

namespace Switchboard.Speech.OpenAI;

/// <summary>
/// Text-to-speech with OpenAI's speech endpoint (<c>POST /v1/audio/speech</c>, <c>response_format=pcm</c>: 24 kHz
/// PCM16 LE), resampled to the requested rate and streamed as the response body arrives.
/// </summary>
/// <remarks>
/// <para><b>Options.</b> <see cref="TextToSpeechOptions.VoiceId"/> (default from the options, e.g. "alloy"),
/// <see cref="TextToSpeechOptions.ModelId"/>, <see cref="TextToSpeechOptions.Speed"/> (0.25 to 4).
/// <see cref="TextToSpeechOptions.AudioFormat"/> as for flite: "audio/wav" (default; each chunk a complete WAV file) or
/// "audio/pcm", optionally with <c>;rate=N</c> (8000, 16000, 24000 or 48000; default
/// <see cref="OpenAITextToSpeechClientOptions.SampleRate"/>).</para>
/// <para><b>Streaming.</b> One <see cref="TextToSpeechResponseUpdateKind.AudioUpdating"/> update per ~100 ms of
/// received audio. A string is sent as one request (at most 4096 characters, OpenAI's limit); text pieces are cut into
/// sentences and each sentence is one request, made when the sentence is complete. The first update of each request
/// carries its text under <see cref="FliteTextToSpeechClient.SentenceTextKey"/>.</para>
/// <para><b>Errors.</b> HTTP errors throw <see cref="SpeechProviderException"/> with OpenAI's <c>error.message</c>.</para>
/// <para><b>Thread-safety.</b> All members are thread-safe. A passed-in <see cref="HttpClient"/> stays the caller's;
/// one created here is disposed with the client. Returned byte arrays belong to the caller.</para>
/// </remarks>
public sealed class OpenAITextToSpeechClient : IStreamingTextToSpeechClient
{
    private const int MaxInputChars = 4096;
    private const int OpenAIRate = AudioSampleRates.Rate24000;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly string _model;
    private readonly string _voice;
    private readonly string? _instructions;
    private readonly int _sampleRate;
    private readonly TextToSpeechClientMetadata _metadata;

    /// <summary>Creates the client.</summary>
    /// <param name="options">Key, base address, model, voice, output rate.</param>
    /// <param name="httpClient">HTTP client to use (e.g. from IHttpClientFactory); not disposed by this client.</param>
    /// <exception cref="ArgumentException">An option is missing or invalid.</exception>
    public OpenAITextToSpeechClient(OpenAITextToSpeechClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authorization = new AuthenticationHeaderValue("Bearer", CloudUris.RequireKey(options.ApiKey, nameof(options.ApiKey)));
        _endpoint = new Uri(CloudUris.RequireBase(options.BaseUri, nameof(options.BaseUri), "https", "http"), "audio/speech");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Model, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Voice, nameof(options));
        AudioSampleRates.Validate(options.SampleRate, nameof(options));
        _model = options.Model;
        _voice = options.Voice;
        _instructions = options.Instructions;
        _sampleRate = options.SampleRate;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient();
        _metadata = new TextToSpeechClientMetadata(OpenAISpeechToTextClient.ProviderName, new Uri(_endpoint.GetLeftPart(UriPartial.Authority)), _model);
    }

    /// <summary>Synthesises all of <paramref name="text"/> into one audio content.</summary>
    /// <exception cref="ArgumentException">The text is blank or too long, or an option is invalid.</exception>
    /// <exception cref="SpeechProviderException">OpenAI refused or failed.</exception>
    public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateText(text, nameof(text));
        var request = Resolve(options);
        var samples = new List<short>();
        await foreach (var chunk in RequestAsync(text, request, cancellationToken))
        {
            samples.AddRange(chunk.Span);
        }

        return new TextToSpeechResponse([request.Format.Encode(CollectionsMarshal.AsSpan(samples))]) { ModelId = request.Model };
    }

    /// <summary>Synthesises <paramref name="text"/> in one request, yielding audio as the response body arrives.</summary>
    /// <exception cref="ArgumentException">The text is blank or too long, or an option is invalid (thrown here).</exception>
    /// <exception cref="SpeechProviderException">OpenAI refused or failed (when enumerating).</exception>
    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateText(text, nameof(text));
        var request = Resolve(options);
        return SpeakAsync(text, request, cancellationToken);
    }

    /// <summary>Synthesises text arriving in pieces, one request per complete sentence.</summary>
    /// <exception cref="ArgumentException">An option is invalid (thrown here); a sentence is too long (when enumerating).</exception>
    /// <exception cref="SpeechProviderException">OpenAI refused or failed (when enumerating).</exception>
    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(IAsyncEnumerable<string> textPieces, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(textPieces);
        var request = Resolve(options);
        return SpeakPiecesAsync(textPieces, request, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(TextToSpeechClientMetadata))
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

    private static void ValidateText(string text, string paramName)
    {
        ArgumentNullException.ThrowIfNull(text, paramName);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The text is empty.", paramName);
        }

        if (text.Length > MaxInputChars)
        {
            throw new ArgumentException($"OpenAI speaks at most {MaxInputChars} characters per request; this text has {text.Length}. Stream it in pieces instead.", paramName);
        }
    }

    private Request Resolve(TextToSpeechOptions? options)
    {
        var format = CloudAudioFormat.Parse(options, _sampleRate);
        if (options?.Speed is { } speed && !(speed is >= 0.25f and <= 4f))
        {
            throw new ArgumentException($"Speed {speed} is out of OpenAI's range 0.25 to 4.", nameof(options));
        }

        return new Request(
            string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options.ModelId,
            string.IsNullOrWhiteSpace(options?.VoiceId) ? _voice : options.VoiceId,
            options?.Speed,
            format);
    }

    private async IAsyncEnumerable<TextToSpeechResponseUpdate> SpeakPiecesAsync(
        IAsyncEnumerable<string> pieces, Request request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var splitter = new SentenceSplitter();
        await foreach (string piece in pieces.WithCancellation(cancellationToken))
        {
            if (piece is null)
            {
                continue;
            }

            splitter.Append(piece);
            while (splitter.TryTake(out string sentence))
            {
                ValidateText(sentence, nameof(pieces));
                await foreach (var update in SpeakAsync(sentence, request, cancellationToken))
                {
                    yield return update;
                }
            }
        }

        if (splitter.Flush(out string last))
        {
            ValidateText(last, nameof(pieces));
            await foreach (var update in SpeakAsync(last, request, cancellationToken))
            {
                yield return update;
            }
        }
    }

    private async IAsyncEnumerable<TextToSpeechResponseUpdate> SpeakAsync(string text, Request request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool first = true;
        await foreach (var chunk in RequestAsync(text, request, cancellationToken))
        {
            var update = new TextToSpeechResponseUpdate([request.Format.Encode(chunk.Span)])
            {
                Kind = TextToSpeechResponseUpdateKind.AudioUpdating,
                ModelId = request.Model,
            };
            if (first)
            {
                update.AdditionalProperties = new AdditionalPropertiesDictionary { [FliteTextToSpeechClient.SentenceTextKey] = text };
                first = false;
            }

            yield return update;
        }
    }

    /// <summary>Posts one speech request and yields the body as PCM16 at the requested rate, chunk by chunk (buffers reused).</summary>
    private async IAsyncEnumerable<ReadOnlyMemory<short>> RequestAsync(string text, Request request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object>
        {
            ["model"] = request.Model,
            ["input"] = text,
            ["voice"] = request.Voice,
            ["response_format"] = "pcm",
        };
        if (request.Speed is { } speed)
        {
            body["speed"] = speed;
        }

        if (!string.IsNullOrWhiteSpace(_instructions))
        {
            body["instructions"] = _instructions;
        }

        using var response = await CloudHttp.SendAsync(
            OpenAISpeechToTextClient.ProviderName,
            _http,
            new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = JsonContent.Create(body) },
            _authorization,
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken);
        await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken);

        Resampler? resampler = request.Format.SampleRate == OpenAIRate ? null : new Resampler(OpenAIRate, request.Format.SampleRate);
        byte[] bytes = new byte[OpenAIRate / 10 * 2];
        short[] samples = new short[bytes.Length / 2];
        short[] resampled = resampler is null ? [] : new short[resampler.MaxOutputLength(samples.Length)];
        int carried = 0;
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(bytes.AsMemory(carried), cancellationToken);
            }
            catch (IOException ex)
            {
                throw new SpeechProviderException(OpenAISpeechToTextClient.ProviderName, null, $"the audio stream broke: {ex.Message}", ex);
            }

            if (read == 0)
            {
                break;
            }

            int available = carried + read;
            int count = available / 2;
            MemoryMarshal.Cast<byte, short>(bytes.AsSpan(0, count * 2)).CopyTo(samples);
            carried = available - (count * 2);
            if (carried > 0)
            {
                // An odd byte: the second half of its sample is in the next read.
                bytes[0] = bytes[count * 2];
            }

            if (count == 0)
            {
                continue;
            }

            if (resampler is null)
            {
                yield return samples.AsMemory(0, count);
            }
            else
            {
                int produced = resampler.Process(samples.AsSpan(0, count), resampled);
                if (produced > 0)
                {
                    yield return resampled.AsMemory(0, produced);
                }
            }
        }
    }

    private readonly record struct Request(string Model, string Voice, float? Speed, CloudAudioFormat Format);
}
