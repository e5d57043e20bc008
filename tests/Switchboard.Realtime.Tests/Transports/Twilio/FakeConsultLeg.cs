using Switchboard.Audio.Frames;
using Switchboard.Realtime.Transports;

namespace Switchboard.Realtime.Tests.Transports.Twilio;

/// <summary>An answered leg that records what the channel does with it.</summary>
internal sealed class FakeConsultLeg : IConsultLeg
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int SampleRate => 8000;

    public Task Ended => _ended.Task;

    public int FramesReceived { get; private set; }

    public int Bridges { get; private set; }

    public bool Disposed { get; private set; }

    public void HangUp() => _ended.TrySetResult();

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        frame.Dispose();
        FramesReceived++;
        return ValueTask.CompletedTask;
    }

    public ValueTask<TransferOutcome> BridgeAsync(CancellationToken cancellationToken)
    {
        Bridges++;
        return ValueTask.FromResult(new TransferOutcome(true, "joined", TransferOutcomeCodes.Connected));
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
