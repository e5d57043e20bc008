using Microsoft.ML.OnnxRuntime;

namespace Switchboard.Audio.Vad;

/// <summary>
/// Per-stream Silero v5 runner. Every tensor is bound once to pinned arrays so that a window costs one
/// native run and a few copies, with no managed allocation.
/// </summary>
internal sealed class SileroVoiceActivityDetector : IVoiceActivityDetector
{
    private const int StateLength = 2 * 1 * 128;

    private readonly SileroVadModel _model;
    private readonly SpeechSegmenter _segmenter;
    private readonly int _window;
    private readonly int _context;

    // _input holds [context | window]: v5 expects the tail of the previous window in front of the new
    // samples, so an onset that straddles two windows is seen whole.
    private readonly float[] _input;
    private readonly float[] _state = new float[StateLength];
    private readonly float[] _stateOut = new float[StateLength];
    private readonly float[] _output = new float[1];

    private readonly OrtValue _inputValue;
    private readonly OrtValue _stateValue;
    private readonly OrtValue _srValue;
    private readonly OrtValue _outputValue;
    private readonly OrtValue _stateOutValue;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    private int _pending;
    private long _windowStart;
    private long _samplesProcessed;
    private bool _disposed;

    public SileroVoiceActivityDetector(SileroVadModel model, int sampleRate, VadOptions options)
    {
        _model = model;
        SampleRate = sampleRate;
        _segmenter = new SpeechSegmenter(options, sampleRate);
        _window = sampleRate == 16000 ? 512 : 256;
        _context = sampleRate == 16000 ? 64 : 32;
        _input = new float[_context + _window];

        InferenceSession session = model.Session;
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [1, _input.Length]);
        _stateValue = OrtValue.CreateTensorValueFromMemory(_state, [2, 1, 128]);
        _srValue = OrtValue.CreateTensorValueFromMemory(new long[] { sampleRate }, []);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, [1, 1]);
        _stateOutValue = OrtValue.CreateTensorValueFromMemory(_stateOut, [2, 1, 128]);

        _binding = session.CreateIoBinding();
        _binding.BindInput("input", _inputValue);
        _binding.BindInput("state", _stateValue);
        _binding.BindInput("sr", _srValue);
        _binding.BindOutput("output", _outputValue);
        _binding.BindOutput("stateN", _stateOutValue);
    }

    public int SampleRate { get; }

    public bool IsSpeaking => _segmenter.IsSpeaking;

    public float LastProbability { get; private set; }

    public long SamplesProcessed => _samplesProcessed;

    public int Process(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!samples.IsEmpty)
        {
            int take = Math.Min(_window - _pending, samples.Length);
            Span<float> target = _input.AsSpan(_context + _pending, take);
            for (int i = 0; i < take; i++)
            {
                target[i] = samples[i] * (1f / 32768f);
            }

            _pending += take;
            _samplesProcessed += take;
            samples = samples[take..];
            if (_pending == _window)
            {
                RunWindow();
            }
        }

        return _segmenter.PendingEvents;
    }

    public bool TryReadEvent(out VoiceActivityEvent activityEvent) => _segmenter.TryDequeue(out activityEvent);

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _segmenter.Flush(_samplesProcessed);
    }

    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Array.Clear(_input);
        Array.Clear(_state);
        _pending = 0;
        _windowStart = 0;
        _samplesProcessed = 0;
        LastProbability = 0;
        _segmenter.Reset();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binding.Dispose();
        _runOptions.Dispose();
        _inputValue.Dispose();
        _stateValue.Dispose();
        _srValue.Dispose();
        _outputValue.Dispose();
        _stateOutValue.Dispose();
    }

    private void RunWindow()
    {
        try
        {
            _model.Session.RunWithBinding(_runOptions, _binding);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new VadException("ONNX Runtime failed to run the Silero VAD model.", ex);
        }

        float probability = _output[0];
        LastProbability = probability;
        _stateOut.AsSpan().CopyTo(_state);
        _input.AsSpan(_window, _context).CopyTo(_input);
        _pending = 0;

        _segmenter.AddWindow(_windowStart, _window, probability);
        _windowStart += _window;
    }
}
