// The speech interfaces of Microsoft.Extensions.AI 10.11 are marked experimental (MEAI001); they are the contract
// ARCHITECTURE.md §6 prescribes, so we accept that they may still change.
#pragma warning disable MEAI001

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Wav;

namespace Switchboard.Speech.Flite;

/// <summary>
/// Offline text-to-speech with flite, in-process through P/Invoke; voices <c>slt</c> (16 kHz) and <c>kal</c> (8 kHz).
/// </summary>
/// <remarks>
/// <para><b>Streaming.</b> Text is cut into sentences and each sentence is synthesised and returned as its own
/// <see cref="TextToSpeechResponseUpdateKind.AudioUpdating"/> update as soon as it is ready;
/// <see cref="GetStreamingAudioAsync(IAsyncEnumerable{string}, TextToSpeechOptions?, CancellationToken)"/> does so
/// while the text is still arriving (e.g. LLM tokens).</para>
/// <para><b>Options.</b> <see cref="TextToSpeechOptions.VoiceId"/>: "slt" or "kal" (case-insensitive; default from
/// <see cref="FliteTextToSpeechClientOptions"/>). <see cref="TextToSpeechOptions.AudioFormat"/>: "audio/wav" (the
/// default; each chunk is a complete mono PCM16 WAV file) or "audio/pcm" (raw little-endian PCM16 mono; the rate is in
/// the media type, e.g. <c>audio/pcm;rate=16000</c>). Speed, pitch and volume are not supported by this provider
/// and are ignored.</para>
/// <para><b>Thread-safety.</b> All members are thread-safe. Sentences are synthesised on a process-wide set of
/// dedicated worker threads per voice, one per core, each with its own flite voice instance, behind a bounded queue
/// (see <see cref="FliteSynthesisPool"/>); callers wait asynchronously and no thread-pool thread runs flite.</para>
/// <para><b>Sentence cache.</b> A sentence spoken before in the same voice is not synthesised again
/// (<see cref="FliteTextToSpeechClientOptions.SentenceCacheBytes"/>): greetings, prompts and menus repeat on every call.
/// Raw PCM content of such a sentence shares memory with every other caller's: treat content as read-only.</para>
/// </remarks>
public sealed class FliteTextToSpeechClient : IStreamingTextToSpeechClient
{
    /// <summary>Media type of raw little-endian PCM16 chunks (parameter <c>rate</c> carries the sample rate).</summary>
    public const string PcmMediaType = "audio/pcm";

    /// <summary>Key, in a streaming update's <see cref="TextToSpeechResponseUpdate.AdditionalProperties"/>, of the
    /// sentence it speaks (a <see cref="string"/>), so playout can tell what the caller has heard.</summary>
    public const string SentenceTextKey = "text";

    /// <summary>Media type of WAV chunks.</summary>
    public const string WavMediaType = "audio/wav";

    private readonly FliteVoice _defaultVoice;
    private readonly TextToSpeechClientMetadata _metadata;
    private readonly FliteSentenceCache _cache;

    /// <summary>Creates a client; flite is loaded on first use.</summary>
    public FliteTextToSpeechClient(FliteTextToSpeechClientOptions? options = null)
    {
        _defaultVoice = options?.DefaultVoice ?? FliteVoice.Slt;
        var cacheBytes = options?.SentenceCacheBytes ?? new FliteTextToSpeechClientOptions().SentenceCacheBytes;
        ArgumentOutOfRangeException.ThrowIfNegative(cacheBytes, nameof(options));
        _cache = new FliteSentenceCache(cacheBytes);
        _ = FliteEngine.SampleRateOf(_defaultVoice);
        _metadata = new TextToSpeechClientMetadata("flite", null, ToVoiceId(_defaultVoice));
    }

    /// <summary>True when flite and both voices can be loaded on this machine.</summary>
    public static bool IsAvailable =>
        NativeLibraries.IsLoadable(NativeLibraries.Flite)
        && NativeLibraries.IsLoadable(NativeLibraries.FliteSlt)
        && NativeLibraries.IsLoadable(NativeLibraries.FliteKal);

    /// <summary>Synthesises all of <paramref name="text"/> into one audio content.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> has nothing speakable, or an option is invalid.</exception>
    /// <exception cref="SpeechNativeLibraryException">flite is not installed.</exception>
    public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateText(text);
        var request = Resolve(options);
        var samples = new List<short>();
        int sampleRate = FliteEngine.SampleRateOf(request.Voice);
        var splitter = new SentenceSplitter();
        splitter.Append(text);
        while (NextSentence(splitter, final: true, out string sentence))
        {
            short[] chunk = await SynthesizeAsync(sentence, request.Voice, cancellationToken);
            samples.AddRange(chunk);
        }

        var response = new TextToSpeechResponse([Encode(samples.ToArray(), sampleRate, request.Wav)])
        {
            ModelId = ToVoiceId(request.Voice),
        };
        return response;
    }

    /// <summary>Synthesises <paramref name="text"/> sentence by sentence, one update per sentence.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> has nothing speakable, or an option is invalid.</exception>
    /// <exception cref="SpeechNativeLibraryException">flite is not installed.</exception>
    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidateText(text);
        var request = Resolve(options);
        return StreamAsync(Single(text), request, cancellationToken);
    }

    /// <summary>
    /// Synthesises text that arrives in pieces (e.g. LLM tokens): each sentence is spoken as soon as it is complete,
    /// the remainder when <paramref name="textPieces"/> ends. One update per sentence.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="textPieces"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="SpeechNativeLibraryException">flite is not installed.</exception>
    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(IAsyncEnumerable<string> textPieces, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(textPieces);
        var request = Resolve(options);
        return StreamAsync(textPieces, request, cancellationToken);
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

    /// <summary>Nothing to release: flite's voices live for the process.</summary>
    public void Dispose()
    {
    }

    internal static string ToVoiceId(FliteVoice voice) => voice == FliteVoice.Kal ? "kal" : "slt";

    private static async IAsyncEnumerable<string> Single(string text)
    {
        await Task.CompletedTask;
        yield return text;
    }

    private static void ValidateText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var probe = new SentenceSplitter();
        probe.Append(text);
        if (!NextSentence(probe, final: true, out _))
        {
            throw new ArgumentException("The text contains nothing speakable (no letters or digits).", nameof(text));
        }
    }

    private static bool NextSentence(SentenceSplitter splitter, bool final, out string sentence) =>
        splitter.TryTake(out sentence) || (final && splitter.Flush(out sentence));

    // Synthesis runs on the voice's dedicated workers (FliteSynthesisPool), never on a thread-pool thread: with hundreds
    // of calls, sentences synthesised on pool threads starved the media loops (bench/Switchboard.Bench.Engine load mode).
    // A sentence already spoken comes from the cache (FliteSentenceCache): its samples are shared, never modified.
    private Task<short[]> SynthesizeAsync(string sentence, FliteVoice voice, CancellationToken cancellationToken) =>
        _cache.GetAsync(voice, sentence, token => FliteSynthesisPool.For(voice).SynthesizeAsync(sentence, token), cancellationToken);

    /// <summary>The content of one sentence; <paramref name="samples"/> becomes the caller's (raw PCM shares it).</summary>
    private static DataContent Encode(short[] samples, int sampleRate, bool wav)
    {
        if (wav)
        {
            // The stream's own buffer is the content: no second copy of the sentence.
            var stream = new MemoryStream((samples.Length * 2) + 64);
            WavWriter.Write(stream, samples, sampleRate);
            return new DataContent(stream.GetBuffer().AsMemory(0, (int)stream.Length), WavMediaType);
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Raw PCM output assumes a little-endian machine.");
        }

        return new DataContent(new PcmByteMemory(samples).Memory, $"{PcmMediaType};rate={sampleRate}");
    }

    private async IAsyncEnumerable<TextToSpeechResponseUpdate> StreamAsync(
        IAsyncEnumerable<string> pieces, Request request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int sampleRate = FliteEngine.SampleRateOf(request.Voice);
        string modelId = ToVoiceId(request.Voice);
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
                yield return await SpeakAsync(sentence);
            }
        }

        if (splitter.Flush(out string last))
        {
            yield return await SpeakAsync(last);
        }

        async Task<TextToSpeechResponseUpdate> SpeakAsync(string sentence)
        {
            short[] samples = await SynthesizeAsync(sentence, request.Voice, cancellationToken);
            return new TextToSpeechResponseUpdate([Encode(samples, sampleRate, request.Wav)])
            {
                Kind = TextToSpeechResponseUpdateKind.AudioUpdating,
                ModelId = modelId,
                AdditionalProperties = new AdditionalPropertiesDictionary { [SentenceTextKey] = sentence },
            };
        }
    }

    private Request Resolve(TextToSpeechOptions? options)
    {
        FliteVoice voice = _defaultVoice;
        string? voiceId = options?.VoiceId;
        if (!string.IsNullOrWhiteSpace(voiceId))
        {
            voice = voiceId.Trim().ToLowerInvariant() switch
            {
                "slt" or "cmu_us_slt" => FliteVoice.Slt,
                "kal" or "cmu_us_kal" => FliteVoice.Kal,
                _ => throw new ArgumentException($"Unknown flite voice '{voiceId}'; use \"slt\" (16 kHz) or \"kal\" (8 kHz).", nameof(options)),
            };
        }

        bool wav = true;
        string? format = options?.AudioFormat;
        if (!string.IsNullOrWhiteSpace(format))
        {
            wav = format.Trim().ToLowerInvariant() switch
            {
                "wav" or WavMediaType or "audio/x-wav" or "audio/wave" => true,
                "pcm" or PcmMediaType or "audio/l16" => false,
                _ => throw new ArgumentException($"Unsupported audio format '{format}'; use \"{WavMediaType}\" or \"{PcmMediaType}\".", nameof(options)),
            };
        }

        return new Request(voice, wav);
    }

    private readonly record struct Request(FliteVoice Voice, bool Wav);
}
