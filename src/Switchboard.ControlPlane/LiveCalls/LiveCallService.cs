using Microsoft.Extensions.Hosting;

namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>Ends every live call when the server stops, so each is recorded with a reason instead of vanishing.</summary>
internal sealed class LiveCallService(LiveCallHost host) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => host.StopAsync(cancellationToken);
}
