// The speech interfaces of Microsoft.Extensions.AI 10.11 are marked experimental (MEAI001); they are the contract
// ARCHITECTURE.md §6 prescribes, so we accept that they may still change.
#pragma warning disable MEAI001

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Frames;
using Switchboard.Audio.Resampling;
using Switchboard.Audio.Wav;

namespace Switchboard.Speech.PocketSphinx;

/// <summary>
/// Offline speech-to-text with pocketsphinx (US English), in-process through P/Invoke, over a bounded pool of warm
/// decoders.
/// </summary>
/// <remarks>
/// <para><b>Input.</b> The stream holds either a WAV file (detected by its RIFF header; mono PCM16 data is streamed,
/// any other encoding is read whole and converted to mono PCM16) or raw little-endian mono PCM16 at <see cref="SpeechToTextOptions.SpeechSampleRate"/> (default 16000). 8, 24 and
/// 48 kHz are resampled, so the decoder is always fed 16 kHz; other rates are rejected.</para>
/// <para><b>Streaming.</b> Audio is decoded in 100 ms chunks as it is read. While pocketsphinx's voice activity
/// detector hears speech, each change of the hypothesis is yielded as a
/// <see cref="SpeechToTextResponseUpdateKind.TextUpdating"/> (partial) update; when the speaker pauses for
/// <see cref="PocketSphinxSpeechToTextClientOptions.EndOfUtteranceSilence"/>, and at the end of the stream, the
/// utterance's final text is yielded as <see cref="SpeechToTextResponseUpdateKind.TextUpdated"/>, with
/// <see cref="SpeechHints.DetectedKey"/> listing the hints heard in it and <see cref="SpeechToTextResponseUpdate.EndTime"/>
/// the point up to which it holds everything said. The final is decoded ahead of time, at the first
/// <see cref="PocketSphinxSpeechToTextClientOptions.EarlyFinalSilence"/> of quiet, so it is ready at once when the stream
/// ends during a pause; speech after that pause makes the decoder decode the utterance again as one. Several utterances
/// may come from one stream.</para>
/// <para><b>Hints.</b> The keywords from <see cref="PocketSphinxSpeechToTextClientOptions.Keywords"/> and those in
/// the request (<see cref="SpeechHints"/>) are spotted with pocketsphinx's keyword-spotting search on each
/// utterance (see <see cref="PocketSphinxDecoder"/>); they do not change the transcript.</para>
/// <para><b>Thread-safety.</b> All members are thread-safe; up to <see cref="PocketSphinxSpeechToTextClientOptions.PoolSize"/>
/// recognitions run at once and further ones wait for a free decoder. The caller owns the stream and the client
/// does not dispose it. Disposing the client frees the decoders; do it after all recognitions have finished.</para>
/// </remarks>
public sealed class PocketSphinxSpeechToTextClient : IPcmSpeechToTextClient
{
    private const int DecoderRate = AudioSampleRates.Rate16000;
    private const int ChunkMilliseconds = 100;

    private readonly PocketSphinxDecoderPool _pool;
    private readonly string[] _keywords;
    private readonly long _earlySamples;
    private readonly long _commitSamples;
    private readonly SpeechToTextClientMetadata _metadata;

    /// <summary>Creates the client and its warm decoders (this loads the model, taking a while per decoder).</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="SpeechNativeLibraryException">pocketsphinx or its model is not installed.</exception>
    public PocketSphinxSpeechToTextClient(PocketSphinxSpeechToTextClientOptions? options = null)
    {
        options ??= new PocketSphinxSpeechToTextClientOptions();
        if (options.PoolSize is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PoolSize, "PoolSize must be between 1 and 64.");
        }

        if (!(options.KeywordThreshold is >= 1e-50 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.KeywordThreshold, "KeywordThreshold must be between 1e-50 and 1.");
        }

        if (options.EarlyFinalSilence < TimeSpan.FromMilliseconds(100) || options.EarlyFinalSilence > options.EndOfUtteranceSilence
            || options.EndOfUtteranceSilence > TimeSpan.FromSeconds(2))
        {
            throw new ArgumentOutOfRangeException(nameof(options), (options.EarlyFinalSilence, options.EndOfUtteranceSilence),
                "EarlyFinalSilence must be at least 100 ms and at most EndOfUtteranceSilence, which must be at most 2 s.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.ModelDirectory, nameof(options));
        _keywords = [.. options.Keywords];
        int postSpeechFrames = (int)Math.Round(options.EndOfUtteranceSilence.TotalMilliseconds / 10);
        _earlySamples = (long)(options.EarlyFinalSilence.TotalSeconds * DecoderRate);
        _commitSamples = (long)((options.EndOfUtteranceSilence - options.EarlyFinalSilence).TotalSeconds * DecoderRate);
        _pool = new PocketSphinxDecoderPool(options.PoolSize, options.ModelDirectory, options.KeywordThreshold, postSpeechFrames);
        _metadata = new SpeechToTextClientMetadata("pocketsphinx", null, "en-us");
    }

    /// <summary>True when pocketsphinx, sphinxbase and the Debian en-us model are installed.</summary>
    public static bool IsAvailable =>
        NativeLibraries.IsLoadable(NativeLibraries.SphinxBase)
        && NativeLibraries.IsLoadable(NativeLibraries.PocketSphinx)
        && File.Exists(Path.Combine(PocketSphinxSpeechToTextClientOptions.DebianModelDirectory, "en-us.lm.bin"));

    /// <summary>Number of warm decoders.</summary>
    public int PoolSize => _pool.Size;

    internal PocketSphinxDecoderPool Pool => _pool;

    /// <summary>Transcribes the whole stream; utterances are joined by a space.</summary>
    /// <exception cref="ArgumentException">The stream is unreadable or empty, or its sample rate is unsupported.</exception>
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        var detected = new List<string>();
        await foreach (var update in GetStreamingTextAsync(audioSpeechStream, options, cancellationToken))
        {
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated)
            {
                if (text.Length > 0)
                {
                    text.Append(' ');
                }

                text.Append(update.Text);
                detected.AddRange(SpeechHints.Detected(update));
            }
        }

        return new SpeechToTextResponse(text.ToString())
        {
            ModelId = "en-us",
            AdditionalProperties = new AdditionalPropertiesDictionary { [SpeechHints.DetectedKey] = detected.Distinct().ToArray() },
        };
    }

    /// <summary>Transcribes the stream as it is read: partial updates while speech goes on, a final per utterance.</summary>
    /// <exception cref="ArgumentException">The stream is unreadable, or the sample rate or language is unsupported
    /// (thrown here); the stream holds no audio or a bad WAV file (thrown when enumerating).</exception>
    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        if (!audioSpeechStream.CanRead)
        {
            throw new ArgumentException("The audio stream is not readable.", nameof(audioSpeechStream));
        }

        ValidateLanguage(options);
        int rate = options?.SpeechSampleRate ?? DecoderRate;
        ValidateRate(rate, nameof(options));
        var hints = new List<string>(_keywords);
        hints.AddRange(SpeechHints.Read(options));
        return RecognizeAsync(audioSpeechStream, rate, hints, cancellationToken);
    }

    /// <summary>
    /// Transcribes PCM16 mono audio arriving in chunks (e.g. the call's media frames) at <paramref name="sampleRate"/>:
    /// the same updates as <see cref="GetStreamingTextAsync(Stream, SpeechToTextOptions?, CancellationToken)"/>.
    /// </summary>
    /// <remarks>Each chunk is consumed before the next is requested, so the producer may reuse its buffer then.</remarks>
    /// <exception cref="ArgumentException"><paramref name="sampleRate"/> or the language is unsupported (thrown here);
    /// no samples arrived (thrown when enumerating).</exception>
    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ValidateLanguage(options);
        ValidateRate(sampleRate, nameof(sampleRate));
        var hints = new List<string>(_keywords);
        hints.AddRange(SpeechHints.Read(options));
        return RecognizeCoreAsync(audio, sampleRate, hints, cancellationToken);
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

    /// <summary>Frees the decoders.</summary>
    public void Dispose() => _pool.Dispose();

    private static void ValidateLanguage(SpeechToTextOptions? options)
    {
        string? language = options?.SpeechLanguage;
        if (!string.IsNullOrEmpty(language) && !language.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"pocketsphinx here recognises US English only, not '{language}'.", nameof(options));
        }
    }

    private static void ValidateRate(int rate, string paramName)
    {
        if (!AudioSampleRates.IsSupported(rate))
        {
            throw new ArgumentException(
                $"Unsupported speech sample rate {rate} Hz: pocketsphinx is fed 16 kHz, and 8000, 16000, 24000 or 48000 Hz input is resampled to it.",
                paramName);
        }
    }

    private static List<string> NormaliseHints(PocketSphinxDecoder decoder, List<string> hints)
    {
        var usable = new List<string>();
        foreach (string hint in hints)
        {
            string phrase = string.Join(' ', (hint ?? string.Empty).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (phrase.Length > 0 && !usable.Contains(phrase) && decoder.IsInDictionary(phrase))
            {
                usable.Add(phrase);
            }
        }

        return usable;
    }

    private static TimeSpan At(long samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / DecoderRate);

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> RecognizeAsync(
        Stream stream, int rate, List<string> hints, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = await PcmSource.OpenAsync(stream, rate, cancellationToken);
        int chunkSamples = source.SampleRate * ChunkMilliseconds / 1000;
        var chunks = source.ReadChunksAsync(chunkSamples, cancellationToken);
        await foreach (var update in RecognizeCoreAsync(chunks, source.SampleRate, hints, cancellationToken))
        {
            yield return update;
        }
    }

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> RecognizeCoreAsync(
        IAsyncEnumerable<ReadOnlyMemory<short>> chunks, int rate, List<string> hints, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Resampler? resampler = rate == DecoderRate ? null : new Resampler(rate, DecoderRate);
        short[] resampled = resampler is null ? [] : new short[resampler.MaxOutputLength(rate * ChunkMilliseconds / 1000)];

        PocketSphinxDecoder decoder = await _pool.RentAsync(cancellationToken);
        try
        {
            List<string> phrases = NormaliseHints(decoder, hints);
            decoder.ResetAdaptation();
            decoder.StartUtterance();
            long fed = 0;
            long utteranceStart = 0;
            SpeechToTextResponseUpdate? pending = null;
            long pendingAt = 0;
            var pause = new PauseDetector(DecoderRate);
            bool armed = false;
            bool heardSpeech = false;
            long totalRead = 0;
            await foreach (ReadOnlyMemory<short> input in chunks.WithCancellation(cancellationToken))
            {
                if (input.IsEmpty)
                {
                    continue;
                }

                totalRead += input.Length;
                if (resampler is not null)
                {
                    int needed = resampler.MaxOutputLength(input.Length);
                    if (needed > resampled.Length)
                    {
                        resampled = new short[needed];
                    }

                    int produced = resampler.Process(input.Span, resampled);
                    decoder.Process(resampled.AsSpan(0, produced));
                    pause.Process(resampled.AsSpan(0, produced));
                    fed += produced;
                }
                else
                {
                    decoder.Process(input.Span);
                    pause.Process(input.Span);
                    fed += input.Length;
                }

                if (decoder.IsSpeculating)
                {
                    if (decoder.InSpeech)
                    {
                        // The pause was not the end: decode the utterance again as one, keeping the LM's context.
                        decoder.ResumeUtterance();
                        pending = null;
                        heardSpeech = true;
                        armed = false;
                    }
                    else if (fed - pendingAt >= _commitSamples)
                    {
                        decoder.CommitSpeculativeEnd();
                        pause.Reset();
                        utteranceStart = pendingAt;
                        if (pending is not null)
                        {
                            yield return pending;
                            pending = null;
                        }
                    }
                }
                else if (decoder.InSpeech)
                {
                    heardSpeech = true;
                    armed |= pause.QuietSamples == 0;
                    if (armed && pause.QuietSamples >= _earlySamples)
                    {
                        // A pause: decode the final now, while the caller's endpointing silence is still running. Once
                        // per stretch of speech, so noise the decoder takes for speech cannot make it decode again and again.
                        pending = FinishSpeculatively(decoder, phrases, (int)_commitSamples, utteranceStart, fed);
                        pendingAt = fed;
                        heardSpeech = false;
                        armed = false;
                        continue;
                    }

                    string? partial = decoder.ChangedHypothesis();
                    if (!string.IsNullOrEmpty(partial))
                    {
                        yield return new SpeechToTextResponseUpdate(partial)
                        {
                            Kind = SpeechToTextResponseUpdateKind.TextUpdating,
                            StartTime = At(utteranceStart),
                            EndTime = At(fed),
                            ModelId = "en-us",
                        };
                    }
                }
                else if (heardSpeech)
                {
                    var final = Finish(decoder, phrases, utteranceStart, fed);
                    if (final is not null)
                    {
                        yield return final;
                    }

                    decoder.StartUtterance();
                    pause.Reset();
                    utteranceStart = fed;
                    heardSpeech = false;
                }
            }

            if (totalRead == 0)
            {
                throw new ArgumentException("The audio holds no samples.", nameof(chunks));
            }

            if (decoder.IsSpeculating)
            {
                decoder.CommitSpeculativeEnd();
                utteranceStart = pendingAt;
                if (pending is not null)
                {
                    yield return pending;
                }
            }

            var last = Finish(decoder, phrases, utteranceStart, fed);
            if (last is not null)
            {
                yield return last;
            }
        }
        finally
        {
            _pool.Return(decoder);
        }
    }

    private static SpeechToTextResponseUpdate? Finish(PocketSphinxDecoder decoder, List<string> phrases, long start, long end)
    {
        string text = decoder.EndUtterance();
        return text.Length == 0 ? null : FinalUpdate(text, [.. decoder.Spot(phrases)], start, end);
    }

    private static SpeechToTextResponseUpdate? FinishSpeculatively(PocketSphinxDecoder decoder, List<string> phrases, int tail, long start, long end)
    {
        string text = decoder.EndUtteranceSpeculatively(phrases, tail, out List<string> detected);
        return text.Length == 0 ? null : FinalUpdate(text, [.. detected], start, end);
    }

    private static SpeechToTextResponseUpdate FinalUpdate(string text, string[] detected, long start, long end)
    {
        return new SpeechToTextResponseUpdate(text)
        {
            Kind = SpeechToTextResponseUpdateKind.TextUpdated,
            StartTime = At(start),
            EndTime = At(end),
            ModelId = "en-us",
            AdditionalProperties = new AdditionalPropertiesDictionary { [SpeechHints.DetectedKey] = detected },
        };
    }
}
