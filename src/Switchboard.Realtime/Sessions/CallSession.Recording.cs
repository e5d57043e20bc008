using Switchboard.Audio.Wav;

namespace Switchboard.Realtime.Sessions;

// Recording both sides to one stereo WAV (caller left, agent right), frame by frame on the media loop: the inbound
// frame and the agent frame sent in the same pass are the same 20 ms of the call, so the channels line up by construction.
public sealed partial class CallSession
{
    private StereoWavRecorder? _recorder;
    private string? _recordingPath;
    private short[] _recordCaller = [];
    private short[] _recordAgent = [];
    private int _recordCallerLength;
    private int _recordAgentLength;

    private void StartRecording()
    {
        if (!_call.Agent.RecordAudio || _options.RecordingDirectory is not { } directory) return;
        try
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, _call.CallId + ".wav");
            var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 64 * 1024);
            _recorder = new StereoWavRecorder(file, _channel.SampleRate, maxFrameLength: _channel.SampleRate / 10);
            _recordingPath = path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A call is worth more than its recording: go on without it.
            Log.RecordingFailed(_logger, e, _call.CallId);
        }
    }

    private static void KeepForRecording(ReadOnlySpan<short> samples, ref short[] buffer, out int length)
    {
        if (buffer.Length < samples.Length) buffer = new short[samples.Length];
        samples.CopyTo(buffer);
        length = samples.Length;
    }

    private void StopRecording()
    {
        if (_recorder is null) return;
        try
        {
            _recorder.Dispose();
        }
        catch (IOException e)
        {
            Log.RecordingFailed(_logger, e, _call.CallId);
        }
        _recorder = null;
    }
}
