// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Switchboard.Speech.Failover;

/// <summary>
/// Speech-to-text that tries a primary provider (e.g. Deepgram) and, when it fails before its first result — refused
/// connection, HTTP 4xx/5xx, WebSocket closed with an error, no result within
/// <see cref="SpeechToTextFailoverOptions.FirstResultTimeout"/> — serves the request with a fallback (e.g. pocketsphinx).
/// </summary>
/// <remarks>
/// <para><b>Audio.</b> What the primary read before failing is kept (up to
/// <see cref="SpeechToTextFailoverOptions.MaxReplayBytes"/>), so the fallback hears the whole stream from its
/// start.</para>
/// <para><b>Mid-stream failures.</b> Once the primary has yielded an update, its failure is passed on to the caller
/// unchanged: its results were already acted upon and its audio cannot be re-read, so nothing is replayed. The caller
/// starts a new stream (the next turn), which the cooldown sends straight to the fallback.</para>
/// <para><b>Which provider served.</b> Every update and response carries the provider's name under
/// <see cref="SpeechFailover.ProviderKey"/>; <see cref="LastProvider"/> holds the latest. Failovers are logged as
/// warnings with the error, never with audio or text.</para>
/// <para><b>Thread-safety.</b> Thread-safe if both inner clients are. The inner clients are owned: disposing this
/// client disposes them.</para>
/// </remarks>
public sealed class FailoverSpeechToTextClient : IPcmSpeechToTextClient
{
    private const string Kind = "STT";

    private readonly ISpeechToTextClient _primary;
    private readonly ISpeechToTextClient _fallback;
    private readonly string _primaryName;
    private readonly string _fallbackName;
    private readonly TimeSpan? _timeout;
    private readonly int _maxReplayBytes;
    private readonly Func<SpeechToTextOptions?, SpeechToTextOptions?> _fallbackOptions;
    private readonly TimeProvider _time;
    private readonly FailoverCircuit _circuit;
    private readonly ILogger _logger;
    private string? _lastProvider;

    /// <summary>Creates the failover pair.</summary>
    /// <exception cref="ArgumentException">A client is missing, or an option is out of range.</exception>
    public FailoverSpeechToTextClient(
        ISpeechToTextClient primary, ISpeechToTextClient fallback, SpeechToTextFailoverOptions? options = null, ILogger<FailoverSpeechToTextClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(fallback);
        options ??= new SpeechToTextFailoverOptions();
        if (options.FirstResultTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "FirstResultTimeout must be positive (or null for none).");
        }

        if (options.Cooldown < TimeSpan.Zero || options.MaxReplayBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Cooldown and MaxReplayBytes must not be negative.");
        }

        _primary = primary;
        _fallback = fallback;
        _primaryName = NameOf(primary);
        _fallbackName = NameOf(fallback);
        _timeout = options.FirstResultTimeout;
        _maxReplayBytes = options.MaxReplayBytes;
        _fallbackOptions = options.FallbackOptions ?? (o => o);
        _time = options.TimeProvider ?? throw new ArgumentException("TimeProvider is required.", nameof(options));
        _circuit = new FailoverCircuit(_time, options.Cooldown);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Name of the provider that served the latest request (null before the first).</summary>
    public string? LastProvider => Volatile.Read(ref _lastProvider);

    /// <summary>True while the primary is skipped after a failure.</summary>
    public bool IsPrimaryCoolingDown => _circuit.IsOpen;

    /// <summary>Transcribes the whole stream with the primary, or the fallback if the primary fails first.</summary>
    /// <exception cref="ArgumentException">The stream is unreadable.</exception>
    /// <exception cref="SpeechException">Both providers failed (the fallback's error), or the primary failed mid-stream.</exception>
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        string? provider = null;
        await foreach (var update in GetStreamingTextAsync(audioSpeechStream, options, cancellationToken))
        {
            provider = update.AdditionalProperties?[SpeechFailover.ProviderKey] as string;
            if (update.Kind == SpeechToTextResponseUpdateKind.TextUpdated)
            {
                text.Append(text.Length > 0 ? " " : string.Empty).Append(update.Text);
            }
        }

        return new SpeechToTextResponse(text.ToString())
        {
            AdditionalProperties = new AdditionalPropertiesDictionary { [SpeechFailover.ProviderKey] = provider ?? LastProvider },
        };
    }

    /// <summary>Streams the primary's updates, or the fallback's if the primary fails before its first update.</summary>
    /// <exception cref="ArgumentException">The stream is unreadable (thrown here).</exception>
    /// <exception cref="SpeechException">Both providers failed, or the primary failed mid-stream (when enumerating).</exception>
    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        if (!audioSpeechStream.CanRead)
        {
            throw new ArgumentException("The audio stream is not readable.", nameof(audioSpeechStream));
        }

        return RunAsync(audioSpeechStream, options, cancellationToken);
    }

    /// <summary>
    /// Streams the call's PCM16 chunks through the primary, or the fallback if the primary fails before its first
    /// update; the chunks the primary took are replayed to the fallback first. Inner clients that are not
    /// <see cref="IPcmSpeechToTextClient"/>s read them as a raw PCM stream.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sampleRate"/> is unsupported (thrown here).</exception>
    /// <exception cref="SpeechException">Both providers failed, or the primary failed mid-stream (when enumerating).</exception>
    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (!Switchboard.Audio.Frames.AudioSampleRates.IsSupported(sampleRate))
        {
            throw new ArgumentException($"Unsupported sample rate {sampleRate} Hz; use 8000, 16000, 24000 or 48000.", nameof(sampleRate));
        }

        return RunPcmAsync(audio, sampleRate, options, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return _primary.GetService(serviceType, serviceKey) ?? _fallback.GetService(serviceType, serviceKey);
    }

    /// <summary>Disposes both inner clients.</summary>
    public void Dispose()
    {
        _primary.Dispose();
        _fallback.Dispose();
    }

    internal static string NameOf(object client) =>
        (client as ISpeechToTextClient)?.GetService(typeof(SpeechToTextClientMetadata)) is SpeechToTextClientMetadata { ProviderName: { } stt } ? stt
        : (client as ITextToSpeechClient)?.GetService(typeof(TextToSpeechClientMetadata)) is TextToSpeechClientMetadata { ProviderName: { } tts } ? tts
        : client.GetType().Name;

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> RunAsync(Stream audio, SpeechToTextOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_circuit.IsOpen)
        {
            FailoverLog.CoolingDown(_logger, Kind, _primaryName, _fallbackName);
            await foreach (var update in FallbackAsync(_fallback.GetStreamingTextAsync(audio, _fallbackOptions(options), cancellationToken)))
            {
                yield return update;
            }

            yield break;
        }

        var replay = new ReplayableStream(audio, _maxReplayBytes);
        await foreach (var update in RunCoreAsync(
            stop => _primary.GetStreamingTextAsync(replay, options, stop),
            replay,
            () => _fallback.GetStreamingTextAsync(replay.Replay(), _fallbackOptions(options), cancellationToken),
            cancellationToken))
        {
            yield return update;
        }
    }

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> RunPcmAsync(
        IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate, SpeechToTextOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_circuit.IsOpen)
        {
            FailoverLog.CoolingDown(_logger, Kind, _primaryName, _fallbackName);
            await foreach (var update in FallbackAsync(OpenPcm(_fallback, audio, sampleRate, _fallbackOptions(options), cancellationToken)))
            {
                yield return update;
            }

            yield break;
        }

        await using var source = new SharedPcmSource(audio, _maxReplayBytes / 2, cancellationToken);
        await foreach (var update in RunCoreAsync(
            stop => OpenPcm(_primary, source.ReadAsync(stop), sampleRate, options, stop),
            source,
            () => OpenPcm(_fallback, source.ReplayAsync(cancellationToken), sampleRate, _fallbackOptions(options), cancellationToken),
            cancellationToken))
        {
            yield return update;
        }
    }

    private static IAsyncEnumerable<SpeechToTextResponseUpdate> OpenPcm(
        ISpeechToTextClient client, IAsyncEnumerable<ReadOnlyMemory<short>> audio, int sampleRate, SpeechToTextOptions? options, CancellationToken cancellationToken)
    {
        if (client is IPcmSpeechToTextClient pcm)
        {
            return pcm.GetStreamingTextAsync(audio, sampleRate, options, cancellationToken);
        }

        // A stream-only client reads the chunks as raw PCM16 at their rate.
        var raw = options?.Clone() ?? new SpeechToTextOptions();
        raw.SpeechSampleRate = sampleRate;
        return StreamOnlyAsync(client, audio, raw, cancellationToken);
    }

    private static async IAsyncEnumerable<SpeechToTextResponseUpdate> StreamOnlyAsync(
        ISpeechToTextClient client, IAsyncEnumerable<ReadOnlyMemory<short>> audio, SpeechToTextOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = new PcmChunkStream(audio, cancellationToken);
        await foreach (var update in client.GetStreamingTextAsync(stream, options, cancellationToken))
        {
            yield return update;
        }
    }

    /// <summary>
    /// Runs the primary; before its first update a failure (or the deadline) switches to the fallback, which
    /// <paramref name="openFallback"/> opens on the replayed input; after it, the failure is passed on.
    /// </summary>
    private async IAsyncEnumerable<SpeechToTextResponseUpdate> RunCoreAsync(
        Func<CancellationToken, IAsyncEnumerable<SpeechToTextResponseUpdate>> openPrimary,
        IReplaySource replay,
        Func<IAsyncEnumerable<SpeechToTextResponseUpdate>> openFallback,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var primaryStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var deadlineStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The deadline starts before the primary is first asked for anything.
        Task? deadline = _timeout is { } timeout ? Task.Delay(timeout, _time, deadlineStop.Token) : null;
        Exception? failure = null;
        bool yielded = false;
        IAsyncEnumerator<SpeechToTextResponseUpdate>? enumerator = null;
        try
        {
            try
            {
                enumerator = openPrimary(primaryStop.Token).GetAsyncEnumerator(primaryStop.Token);
            }
            catch (Exception ex) when (FailoverCircuit.IsProviderFailure(ex, cancellationToken))
            {
                failure = ex;
            }

            while (enumerator is not null)
            {
                StepOutcome step = await TimedStep.NextAsync(enumerator, yielded ? null : deadline, primaryStop, _primaryName, _timeout, cancellationToken);
                if (step.Failure is not null)
                {
                    failure = step.Failure;
                    break;
                }

                if (!step.HasItem)
                {
                    break;
                }

                if (!yielded)
                {
                    yielded = true;
                    await deadlineStop.CancelAsync();
                    replay.StopRecording();
                    Volatile.Write(ref _lastProvider, _primaryName);
                }

                yield return Tag(enumerator.Current, _primaryName);
            }
        }
        finally
        {
            await deadlineStop.CancelAsync();
            if (enumerator is not null)
            {
                await primaryStop.CancelAsync();
                try
                {
                    await enumerator.DisposeAsync();
                }
                catch (Exception)
                {
                    // A failed primary may fail again while being torn down; its first error is what counts.
                }
            }
        }

        if (failure is null)
        {
            yield break;
        }

        _circuit.Trip();
        if (yielded)
        {
            FailoverLog.FailedMidStream(_logger, Kind, _primaryName, _fallbackName, _circuit.Cooldown, failure);
            throw Wrap(failure);
        }

        if (!replay.CanReplay)
        {
            FailoverLog.CannotReplay(_logger, Kind, _primaryName, failure);
            throw Wrap(failure);
        }

        FailoverLog.FailedOver(_logger, Kind, _primaryName, _fallbackName, failure);
        await foreach (var update in FallbackAsync(openFallback()))
        {
            yield return update;
        }
    }

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> FallbackAsync(IAsyncEnumerable<SpeechToTextResponseUpdate> updates)
    {
        Volatile.Write(ref _lastProvider, _fallbackName);
        await foreach (var update in updates)
        {
            yield return Tag(update, _fallbackName);
        }
    }

    private static SpeechToTextResponseUpdate Tag(SpeechToTextResponseUpdate update, string provider)
    {
        update.AdditionalProperties ??= [];
        update.AdditionalProperties[SpeechFailover.ProviderKey] = provider;
        return update;
    }

    private SpeechProviderException Wrap(Exception failure)
    {
        if (failure is SpeechException)
        {
            // Keep the provider's own stack trace.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return new SpeechProviderException(_primaryName, null, failure.Message, failure);
    }
}
