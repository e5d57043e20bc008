// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Switchboard.Speech.Failover;

/// <summary>
/// Text-to-speech that tries a primary provider (e.g. ElevenLabs or OpenAI) and, when it fails before producing
/// audio — refused connection, HTTP 4xx/5xx, WebSocket closed with an error, no audio within
/// <see cref="TextToSpeechFailoverOptions.FirstResultTimeout"/> — speaks the request with a fallback (e.g. flite).
/// </summary>
/// <remarks>
/// <para><b>Before the first audio</b> the fallback gets the whole text: for text streamed in pieces, the pieces the
/// primary had already taken are replayed to it, followed by the rest as it arrives.</para>
/// <para><b>After the first audio</b> the caller may already have played the primary's audio, and this client
/// cannot know how much of it was heard; so it never replays text: a mid-stream failure ends the stream with the
/// primary's <see cref="SpeechException"/>, and the caller (whose playout tracker knows what was heard) decides what
/// to say next. The cooldown then sends the next requests straight to the fallback.</para>
/// <para><b>Which provider served.</b> Every update and response carries the provider's name under
/// <see cref="SpeechFailover.ProviderKey"/>; <see cref="LastProvider"/> holds the latest. Failovers are logged as
/// warnings with the error, never with the text.</para>
/// <para><b>Inner clients</b> that do not implement <see cref="IStreamingTextToSpeechClient"/> get streamed text only
/// once it has all arrived. Both are owned: disposing this client disposes them.</para>
/// <para><b>Thread-safety.</b> Thread-safe if both inner clients are.</para>
/// </remarks>
public sealed class FailoverTextToSpeechClient : IStreamingTextToSpeechClient
{
    private const string Kind = "TTS";

    private readonly ITextToSpeechClient _primary;
    private readonly ITextToSpeechClient _fallback;
    private readonly string _primaryName;
    private readonly string _fallbackName;
    private readonly TimeSpan? _timeout;
    private readonly Func<TextToSpeechOptions?, TextToSpeechOptions?> _fallbackOptions;
    private readonly TimeProvider _time;
    private readonly FailoverCircuit _circuit;
    private readonly ILogger _logger;
    private string? _lastProvider;

    /// <summary>Creates the failover pair.</summary>
    /// <exception cref="ArgumentException">A client is missing, or an option is out of range.</exception>
    public FailoverTextToSpeechClient(
        ITextToSpeechClient primary, ITextToSpeechClient fallback, TextToSpeechFailoverOptions? options = null, ILogger<FailoverTextToSpeechClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(fallback);
        options ??= new TextToSpeechFailoverOptions();
        if (options.FirstResultTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "FirstResultTimeout must be positive (or null for none).");
        }

        if (options.Cooldown < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Cooldown, "Cooldown must not be negative.");
        }

        _primary = primary;
        _fallback = fallback;
        _primaryName = FailoverSpeechToTextClient.NameOf(primary);
        _fallbackName = FailoverSpeechToTextClient.NameOf(fallback);
        _timeout = options.FirstResultTimeout;
        _fallbackOptions = options.FallbackOptions ?? (o => o);
        _time = options.TimeProvider ?? throw new ArgumentException("TimeProvider is required.", nameof(options));
        _circuit = new FailoverCircuit(_time, options.Cooldown);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Name of the provider that served the latest request (null before the first).</summary>
    public string? LastProvider => Volatile.Read(ref _lastProvider);

    /// <summary>True while the primary is skipped after a failure.</summary>
    public bool IsPrimaryCoolingDown => _circuit.IsOpen;

    /// <summary>Synthesises <paramref name="text"/> with the primary, or the fallback if the primary fails or times out.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="SpeechException">The fallback failed too.</exception>
    public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!_circuit.IsOpen)
        {
            using var primaryStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Exception failure;
            try
            {
                Task<TextToSpeechResponse> call = _primary.GetAudioAsync(text, options, primaryStop.Token);
                var response = _timeout is { } timeout ? await call.WaitAsync(timeout, _time, cancellationToken) : await call;
                Volatile.Write(ref _lastProvider, _primaryName);
                return Tag(response, _primaryName);
            }
            catch (Exception ex) when (FailoverCircuit.IsProviderFailure(ex, cancellationToken))
            {
                failure = ex;
                await primaryStop.CancelAsync();
            }

            _circuit.Trip();
            FailoverLog.FailedOver(_logger, Kind, _primaryName, _fallbackName, failure);
        }
        else
        {
            FailoverLog.CoolingDown(_logger, Kind, _primaryName, _fallbackName);
        }

        Volatile.Write(ref _lastProvider, _fallbackName);
        return Tag(await _fallback.GetAudioAsync(text, _fallbackOptions(options), cancellationToken), _fallbackName);
    }

    /// <summary>Streams <paramref name="text"/> from the primary, or from the fallback if the primary fails before audio.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="SpeechException">The fallback failed too, or the primary failed after audio (when enumerating).</exception>
    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RunAsync(Single(text), options, cancellationToken);
    }

    /// <summary>Streams text pieces through the primary, or the fallback if the primary fails before audio.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="textPieces"/> is null.</exception>
    /// <exception cref="SpeechException">The fallback failed too, or the primary failed after audio (when enumerating).</exception>
    public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(IAsyncEnumerable<string> textPieces, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(textPieces);
        return RunAsync(textPieces, options, cancellationToken);
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

    private static async IAsyncEnumerable<string> Single(string text)
    {
        await Task.CompletedTask;
        yield return text;
    }

    private static IAsyncEnumerable<TextToSpeechResponseUpdate> Open(
        ITextToSpeechClient client, IAsyncEnumerable<string> pieces, TextToSpeechOptions? options, CancellationToken cancellationToken) =>
        client is IStreamingTextToSpeechClient streaming
            ? streaming.GetStreamingAudioAsync(pieces, options, cancellationToken)
            : WholeTextAsync(client, pieces, options, cancellationToken);

    private static async IAsyncEnumerable<TextToSpeechResponseUpdate> WholeTextAsync(
        ITextToSpeechClient client, IAsyncEnumerable<string> pieces, TextToSpeechOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (string piece in pieces.WithCancellation(cancellationToken))
        {
            text.Append(piece);
        }

        await foreach (var update in client.GetStreamingAudioAsync(text.ToString(), options, cancellationToken))
        {
            yield return update;
        }
    }

    private static TextToSpeechResponseUpdate Tag(TextToSpeechResponseUpdate update, string provider)
    {
        update.AdditionalProperties ??= [];
        update.AdditionalProperties[SpeechFailover.ProviderKey] = provider;
        return update;
    }

    private static TextToSpeechResponse Tag(TextToSpeechResponse response, string provider)
    {
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[SpeechFailover.ProviderKey] = provider;
        return response;
    }

    private async IAsyncEnumerable<TextToSpeechResponseUpdate> RunAsync(
        IAsyncEnumerable<string> pieces, TextToSpeechOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_circuit.IsOpen)
        {
            FailoverLog.CoolingDown(_logger, Kind, _primaryName, _fallbackName);
            Volatile.Write(ref _lastProvider, _fallbackName);
            await foreach (var update in Open(_fallback, pieces, _fallbackOptions(options), cancellationToken))
            {
                yield return Tag(update, _fallbackName);
            }

            yield break;
        }

        await using var source = new SharedTextSource(pieces, cancellationToken);
        using var primaryStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var deadlineStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The deadline starts before the primary is first asked for anything.
        Task? deadline = _timeout is { } timeout ? Task.Delay(timeout, _time, deadlineStop.Token) : null;
        Exception? failure = null;
        bool yielded = false;
        IAsyncEnumerator<TextToSpeechResponseUpdate>? enumerator = null;
        try
        {
            try
            {
                enumerator = Open(_primary, source.ReadAsync(primaryStop.Token), options, primaryStop.Token).GetAsyncEnumerator(primaryStop.Token);
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
                    source.StopRecording();
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
            if (failure is SpeechException)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            throw new SpeechProviderException(_primaryName, null, failure.Message, failure);
        }

        FailoverLog.FailedOver(_logger, Kind, _primaryName, _fallbackName, failure);
        Volatile.Write(ref _lastProvider, _fallbackName);
        await foreach (var update in Open(_fallback, source.ReplayAsync(cancellationToken), _fallbackOptions(options), cancellationToken))
        {
            yield return Tag(update, _fallbackName);
        }
    }
}
