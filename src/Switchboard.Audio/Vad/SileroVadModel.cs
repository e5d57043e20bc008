using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;

namespace Switchboard.Audio.Vad;

/// <summary>
/// The Silero VAD v5 neural voice activity model (MIT licence, vendored in <c>Models/</c>), loaded once
/// into an ONNX Runtime session and shared by any number of detectors.
/// </summary>
/// <remarks>
/// <para><b>Thread-safety:</b> this object is thread-safe; detectors created from it on different threads
/// run concurrently against the one session (ONNX Runtime's Run is thread-safe). Each detector holds its
/// own recurrent state, context and tensors, and is itself not thread-safe.</para>
/// <para><b>Ownership:</b> the creator owns the model and disposes it once, after every detector created
/// from it has been disposed. A process normally loads one model at start-up and keeps it.</para>
/// </remarks>
public sealed class SileroVadModel : IDisposable
{
    internal const string ResourceName = "Switchboard.Audio.Models.silero_vad_v5.onnx";
    internal const string ExpectedSha256 = "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f";

    private readonly InferenceSession _session;
    private int _disposed;

    private SileroVadModel(InferenceSession session)
    {
        _session = session;
    }

    internal InferenceSession Session
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _session;
        }
    }

    /// <summary>Loads the model embedded in this assembly after checking its SHA-256.</summary>
    /// <exception cref="VadException">The resource is missing, its hash does not match, or ONNX Runtime
    /// cannot load it.</exception>
    public static SileroVadModel LoadEmbedded()
    {
        using Stream? stream = typeof(SileroVadModel).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            throw new VadException($"The embedded Silero VAD model '{ResourceName}' is missing from {typeof(SileroVadModel).Assembly.GetName().Name}.");
        }

        using var buffer = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(buffer);
        return Load(buffer.ToArray());
    }

    internal static SileroVadModel Load(byte[] modelBytes)
    {
        string actual = Convert.ToHexStringLower(SHA256.HashData(modelBytes));
        if (!string.Equals(actual, ExpectedSha256, StringComparison.Ordinal))
        {
            throw new VadException($"The Silero VAD model failed its integrity check: SHA-256 is {actual}, expected {ExpectedSha256}.");
        }

        try
        {
            using var options = new SessionOptions
            {
                // One thread per inference: the per-window work is tiny and a server runs hundreds of calls,
                // so parallelism comes from calls, not from inside one 32 ms window.
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            return new SileroVadModel(new InferenceSession(modelBytes, options));
        }
        catch (OnnxRuntimeException ex)
        {
            throw new VadException("ONNX Runtime could not load the Silero VAD model.", ex);
        }
    }

    /// <summary>Creates a detector with its own state for one audio stream.</summary>
    /// <param name="sampleRate">8000 or 16000.</param>
    /// <param name="options">Decision parameters; null for defaults. Copied, validated.</param>
    /// <returns>A new detector the caller owns and must dispose before disposing this model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported sample rate or invalid options.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public IVoiceActivityDetector CreateDetector(int sampleRate, VadOptions? options = null)
    {
        VadSampleRates.Validate(sampleRate, nameof(sampleRate));
        return new SileroVoiceActivityDetector(this, sampleRate, options ?? new VadOptions());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }
}
