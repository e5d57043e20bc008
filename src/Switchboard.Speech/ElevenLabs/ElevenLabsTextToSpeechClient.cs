// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Frames;
using Switchboard.Speech.Cloud;
using Switchboard.Speech.Flite;

namespace Switchboard.Speech.ElevenLabs;

/// <summary>
/// Streaming text-to-speech with ElevenLabs' input-streaming WebSocket
/// (<c>/v1/text-to-speech/{voice_id}/stream-input</c>): text goes up sentence by sentence as it arrives, PCM comes back
/// as base64 chunks.
/// </summary>
/// <remarks>
/// <para><b>Options.</b> <see cref="TextToSpeechOptions.VoiceId"/> (an ElevenLabs voice id), <see cref="TextToSpeechOptions.ModelId"/>,
/// <see cref="TextToSpeechOptions.Speed"/> (voice setting <c>speed</c>, 0.7 to 1.2).
/// <see cref="TextToSpeechOptions.AudioFormat"/> as for flite: "audio/wav" (default; each chunk a complete WAV file) or
/// "audio/pcm", optionally with <c>;rate=N</c>; ElevenLabs is asked for <c>pcm_N</c> directly, so nothing is resampled.</para>
/// <para><b>Streaming.</b> One <see cref="TextToSpeechResponseUpdateKind.AudioUpdating"/> update per audio message;
/// when ElevenLabs sends its alignment, the characters the chunk speaks are under
/// <see cref="FliteTextToSpeechClient.SentenceTextKey"/>, so playout can map audio back to words.</para>
/// <para><b>Errors.</b> A refused handshake, an error message or an error close throw
/// <see cref="SpeechProviderException"/> with ElevenLabs' message. The key is never logged or put in a message.</para>
/// <para><b>Thread-safety.</b> All members are thread-safe; each request has its own WebSocket. The caller owns the
/// text pieces; returned byte arrays belong to the caller.</para>
/// </remarks>
public sealed class ElevenLabsTextToSpeechClient : IStreamingTextToSpeechClient
{
    internal const string ProviderName = "elevenlabs";

    private readonly ElevenLabsTextToSpeechClientOptions _options;
    private readonly Uri _baseUri;
    private readonly string _apiKey;
    private readonly TextToSpeechClientMetadata _metadata;

    /// <summary>Creates the client; nothing is connected until a request starts.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public ElevenLabsTextToSpeechClient(ElevenLabsTextToSpeechClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _apiKey = CloudUris.RequireKey(options.ApiKey, nameof(options.ApiKey));
        _baseUri = CloudUris.RequireBase(options.BaseUri, nameof(options.BaseUri), "wss", "ws");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.VoiceId, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ModelId, nameof(options));
        AudioSampleRates.Validate(options.SampleRate, nameof(options));
        if (!(options.Stability is >= 0 and <= 1) || !(options.SimilarityBoost is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Stability and SimilarityBoost must be between 0 and 1.");
        }

        _options = new ElevenLabsTextToSpeechClientOptions
        {
            VoiceId = options.VoiceId,
            ModelId = options.ModelId,
            SampleRate = options.SampleRate,
            Stability = options.Stability,
            SimilarityBoost = options.SimilarityBoost,
        };
        _metadata = new TextToSpeechClientMetadata(ProviderName, new Uri(_baseUri.GetLeftPart(UriPartial.Authority)), options.ModelId);
    }

    /// <summary>Synthesises all of <paramref name="text"/> into one audio content.</summary>
    /// <exception cref="ArgumentException">The text has nothing speakable, or an option is invalid.</exception>
    /// <exception cref="SpeechProviderException">ElevenLabs refused or failed.</exception>
    public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Resolve(options);
        ValidateText(text);
        var samples = new List<short>();
        await foreach (var update in Synthesize(Single(text), request).RunAsync(cancellationToken))
        {
            samples.AddRange(update.Samples.Span);
        }

        return new TextToSpeechResponse([request.Format.Encode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples))]) { ModelId = request.Model };
    }

    /// <summary>Synthesises <paramref name="text"/>, yielding audio as ElevenLabs produces it.</summary>
    /// <exception cref="ArgumentException">The text has nothing speakable, or an option is invalid (thrown here).</exception>
    /// <exception cref="SpeechProviderException">ElevenLabs refused or failed (when enumerating).</exception>
    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Resolve(options);
        ValidateText(text);
        return ToUpdatesAsync(Synthesize(Single(text), request), request, cancellationToken);
    }

    /// <summary>Synthesises text arriving in pieces (e.g. LLM tokens): each sentence is sent as soon as it is complete.</summary>
    /// <exception cref="ArgumentException">An option is invalid (thrown here).</exception>
    /// <exception cref="SpeechProviderException">ElevenLabs refused or failed (when enumerating).</exception>
    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(IAsyncEnumerable<string> textPieces, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(textPieces);
        var request = Resolve(options);
        return ToUpdatesAsync(Synthesize(textPieces, request), request, cancellationToken);
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

    /// <summary>Nothing to release: each request owns and closes its own connection.</summary>
    public void Dispose()
    {
    }

    /// <summary>The stream-input URI for a request.</summary>
    internal Uri BuildUri(ElevenLabsRequest request)
    {
        var uri = new Uri(_baseUri, $"text-to-speech/{Uri.EscapeDataString(request.Voice)}/stream-input");
        string query = CloudUris.Query([new("model_id", request.Model), new("output_format", $"pcm_{request.Format.SampleRate}")]);
        return new UriBuilder(uri) { Query = query }.Uri;
    }

    private static void ValidateText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var probe = new SentenceSplitter();
        probe.Append(text);
        if (!probe.TryTake(out _) && !probe.Flush(out _))
        {
            throw new ArgumentException("The text contains nothing speakable (no letters or digits).", nameof(text));
        }
    }

    private static async IAsyncEnumerable<string> Single(string text)
    {
        await Task.CompletedTask;
        yield return text;
    }

    private static async IAsyncEnumerable<TextToSpeechResponseUpdate> ToUpdatesAsync(
        ElevenLabsSynthesis synthesis, ElevenLabsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in synthesis.RunAsync(cancellationToken))
        {
            var update = new TextToSpeechResponseUpdate([request.Format.Encode(chunk.Samples.Span)])
            {
                Kind = TextToSpeechResponseUpdateKind.AudioUpdating,
                ModelId = request.Model,
            };
            if (!string.IsNullOrEmpty(chunk.Text))
            {
                update.AdditionalProperties = new AdditionalPropertiesDictionary { [FliteTextToSpeechClient.SentenceTextKey] = chunk.Text };
            }

            yield return update;
        }
    }

    private ElevenLabsSynthesis Synthesize(IAsyncEnumerable<string> pieces, ElevenLabsRequest request) =>
        new(BuildUri(request), _apiKey, request, pieces);

    private ElevenLabsRequest Resolve(TextToSpeechOptions? options)
    {
        var format = CloudAudioFormat.Parse(options, _options.SampleRate);
        if (options?.Speed is { } speed && !(speed is >= 0.7f and <= 1.2f))
        {
            throw new ArgumentException($"Speed {speed} is out of ElevenLabs' range 0.7 to 1.2.", nameof(options));
        }

        return new ElevenLabsRequest(
            string.IsNullOrWhiteSpace(options?.VoiceId) ? _options.VoiceId : options.VoiceId,
            string.IsNullOrWhiteSpace(options?.ModelId) ? _options.ModelId : options.ModelId,
            format,
            _options.Stability,
            _options.SimilarityBoost,
            options?.Speed);
    }
}
