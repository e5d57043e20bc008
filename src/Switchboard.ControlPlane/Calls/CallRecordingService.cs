using Microsoft.Extensions.Hosting;

namespace Switchboard.ControlPlane.Calls;

/// <summary>Owns the <see cref="CallRecorder"/>'s writing loop; on shutdown it stops intake and writes what is queued.</summary>
internal sealed class CallRecordingService(CallRecorder recorder) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain before base.StopAsync cancels the loop: the queued events are a call's record.
        recorder.Complete();
        if (ExecuteTask is { } running)
        {
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await base.StopAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await recorder.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
