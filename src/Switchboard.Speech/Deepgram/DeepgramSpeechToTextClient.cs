// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Frames;
using Switchboard.Speech.Cloud;
using Switchboard.Speech.PocketSphinx;

namespace Switchboard.Speech.Deepgram;

/// <summary>
/// Streaming speech-to-text with Deepgram's live API over a WebSocket (<c>/v1/listen</c>, linear16 at 16 kHz,
/// interim results, punctuation, endpointing).
/// </summary>
/// <remarks>
/// <para><b>Input.</b> Like <see cref="PocketSphinxSpeechToTextClient"/>: a stream of raw little-endian mono PCM16
/// at <see cref="SpeechToTextOptions.SpeechSampleRate"/> (default 16000) or a WAV file, or PCM16 chunks (media
/// frames). 8, 24 and 48 kHz are resampled, so Deepgram always gets 16 kHz.</para>
/// <para><b>Updates</b>, mapped as pocketsphinx maps its own: while an utterance goes on, each interim result (and
/// each finalised segment of a longer utterance) yields a <see cref="SpeechToTextResponseUpdateKind.TextUpdating"/>
/// with the utterance's text so far; when Deepgram reports <c>speech_final</c> (or <c>UtteranceEnd</c>, or the stream
/// ends) the utterance's final text is yielded once as <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/>.
/// Times are Deepgram's, from the start of the stream.</para>
/// <para><b>Hints.</b> The keywords of the options and those in the request (<see cref="SpeechHints"/>) are sent as
/// <c>keyterm</c> parameters for nova-3 models and as <c>keywords</c> for older ones.</para>
/// <para><b>Errors.</b> A refused handshake, a broken connection, an error close or an error message throw a
/// <see cref="SpeechProviderException"/> with Deepgram's message. The key is never logged or put in a message.</para>
/// <para><b>Thread-safety.</b> All members are thread-safe; every recognition has its own WebSocket. The caller owns
/// the input stream. Disposing the client releases nothing shared.</para>
/// </remarks>
public sealed class DeepgramSpeechToTextClient : IPcmSpeechToTextClient
{
    internal const string ProviderName = "deepgram";

    private readonly Uri _endpoint;
    private readonly string _apiKey;
    private readonly string _model;
    private readonly string _language;
    private readonly int _endpointing;
    private readonly TimeSpan _keepAlive;
    private readonly string[] _keywords;
    private readonly TimeProvider _timeProvider;
    private readonly SpeechToTextClientMetadata _metadata;

    /// <summary>Creates the client; nothing is connected until a recognition starts.</summary>
    /// <exception cref="ArgumentException">The key is missing or an option is out of range.</exception>
    public DeepgramSpeechToTextClient(DeepgramSpeechToTextClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _apiKey = CloudUris.RequireKey(options.ApiKey, nameof(options.ApiKey));
        _endpoint = CloudUris.RequireBase(options.Endpoint, nameof(options.Endpoint), "wss", "ws");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Model, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Language, nameof(options));
        if (options.EndpointingMilliseconds is < 10 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.EndpointingMilliseconds, "EndpointingMilliseconds must be between 10 and 10000.");
        }

        if (options.KeepAliveInterval < TimeSpan.FromSeconds(1) || options.KeepAliveInterval > TimeSpan.FromSeconds(9))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.KeepAliveInterval, "KeepAliveInterval must be between 1 and 9 seconds (Deepgram closes idle streams after 10 s).");
        }

        _model = options.Model;
        _language = options.Language;
        _endpointing = options.EndpointingMilliseconds;
        _keepAlive = options.KeepAliveInterval;
        _keywords = [.. options.Keywords];
        _timeProvider = options.TimeProvider ?? throw new ArgumentException("TimeProvider is required.", nameof(options));
        _metadata = new SpeechToTextClientMetadata(ProviderName, new Uri(_endpoint.GetLeftPart(UriPartial.Authority)), _model);
    }

    /// <summary>Transcribes the whole stream; utterances are joined by a space.</summary>
    /// <exception cref="ArgumentException">The stream is unreadable or its rate unsupported.</exception>
    /// <exception cref="SpeechProviderException">Deepgram refused or failed.</exception>
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        TimeSpan? start = null;
        TimeSpan? end = null;
        await foreach (var update in GetStreamingTextAsync(audioSpeechStream, options, cancellationToken))
        {
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated)
            {
                text.Append(text.Length > 0 ? " " : string.Empty).Append(update.Text);
                start ??= update.StartTime;
                end = update.EndTime;
            }
        }

        return new SpeechToTextResponse(text.ToString()) { ModelId = options?.ModelId ?? _model, StartTime = start, EndTime = end };
    }

    /// <summary>Transcribes the stream as it is read: interim updates during an utterance, one final per utterance.</summary>
    /// <exception cref="ArgumentException">The stream is unreadable, or the rate is unsupported (thrown here); the WAV
    /// is malformed or holds no audio (thrown when enumerating).</exception>
    /// <exception cref="SpeechProviderException">Deepgram refused or failed (thrown when enumerating).</exception>
    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        if (!audioSpeechStream.CanRead)
        {
            throw new ArgumentException("The audio stream is not readable.", nameof(audioSpeechStream));
        }

        int rate = options?.SpeechSampleRate ?? AudioSampleRates.Rate16000;
        ValidateRate(rate, nameof(options));
        Uri uri = BuildUri(options);
        return FromStreamAsync(audioSpeechStream, rate, uri, options?.ModelId ?? _model, cancellationToken);
    }

    /// <summary>
    /// Transcribes PCM16 mono audio arriving in chunks (e.g. the call's media frames) at <paramref name="sampleRate"/>:
    /// the same updates as the stream overload.
    /// </summary>
    /// <remarks>Each chunk is sent before the next is requested, so the producer may reuse its buffer then.</remarks>
    /// <exception cref="ArgumentException"><paramref name="sampleRate"/> is unsupported.</exception>
    /// <exception cref="SpeechProviderException">Deepgram refused or failed (thrown when enumerating).</exception>
    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ValidateRate(sampleRate, nameof(sampleRate));
        Uri uri = BuildUri(options);
        var recognition = new DeepgramRecognition(uri, _apiKey, options?.ModelId ?? _model, _keepAlive, _timeProvider);
        return recognition.RunAsync(audio, sampleRate, cancellationToken);
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

    /// <summary>Nothing to release: each recognition owns and closes its own connection.</summary>
    public void Dispose()
    {
    }

    /// <summary>The listen URI for a request: fixed audio parameters, model, language, endpointing and hints.</summary>
    internal Uri BuildUri(SpeechToTextOptions? options)
    {
        string model = string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options.ModelId;
        var query = new List<KeyValuePair<string, string>>
        {
            new("model", model),
            new("encoding", "linear16"),
            new("sample_rate", "16000"),
            new("channels", "1"),
            new("interim_results", "true"),
            new("punctuate", "true"),
            new("endpointing", _endpointing.ToString()),
            new("language", string.IsNullOrWhiteSpace(options?.SpeechLanguage) ? _language : options.SpeechLanguage),
        };

        // nova-3 replaced keyword boosting with key terms; older models only know keywords.
        string hintParameter = model.StartsWith("nova-3", StringComparison.OrdinalIgnoreCase) ? "keyterm" : "keywords";
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string hint in _keywords.Concat(SpeechHints.Read(options)))
        {
            string trimmed = (hint ?? string.Empty).Trim();
            if (trimmed.Length > 0 && seen.Add(trimmed))
            {
                query.Add(new(hintParameter, trimmed));
            }
        }

        return new UriBuilder(_endpoint) { Query = CloudUris.Query(query) }.Uri;
    }

    private static void ValidateRate(int rate, string paramName)
    {
        if (!AudioSampleRates.IsSupported(rate))
        {
            throw new ArgumentException(
                $"Unsupported speech sample rate {rate} Hz: Deepgram is sent 16 kHz, and 8000, 16000, 24000 or 48000 Hz input is resampled to it.",
                paramName);
        }
    }

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> FromStreamAsync(
        Stream stream, int rate, Uri uri, string model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = await PcmSource.OpenAsync(stream, rate, cancellationToken);
        var chunks = source.ReadChunksAsync(source.SampleRate / 10, cancellationToken);
        var recognition = new DeepgramRecognition(uri, _apiKey, model, _keepAlive, _timeProvider);
        await foreach (var update in recognition.RunAsync(chunks, source.SampleRate, cancellationToken))
        {
            yield return update;
        }
    }
}
