using Switchboard.Realtime.Simulation;
using Switchboard.Realtime.Transports;

namespace Switchboard.Server.Tests.LiveCalls;

/// <summary>A caller on an in-memory line who stays silent in real time (so the call's media clock runs) and collects what the agent sends.</summary>
internal sealed class SilentCaller
{
    private readonly InMemoryMediaChannel _channel;
    private readonly List<AgentOutput> _outputs = [];

    public SilentCaller(InMemoryMediaChannel channel)
    {
        _channel = channel;
        Talking = Task.Run(SendSilenceAsync);
        Listening = Task.Run(ListenAsync);
    }

    public Task Talking { get; }

    public Task Listening { get; }

    public int AudioFrames
    {
        get
        {
            lock (_outputs) return _outputs.Count(o => o.Kind == AgentOutputKind.Audio);
        }
    }

    public bool HungUpByAgent
    {
        get
        {
            lock (_outputs) return _outputs.Any(o => o.Kind == AgentOutputKind.HangUp);
        }
    }

    private async Task SendSilenceAsync()
    {
        var pacer = new RealTimePacer(TimeProvider.System, _channel.FrameDuration);
        // Bounded: a call that never ends fails the test instead of hanging it.
        for (var i = 0; i < 60 * 50; i++)
        {
            await pacer.WaitAsync(CancellationToken.None);
            try
            {
                await _channel.SendCallerSilenceAsync(_channel.FrameDuration, CancellationToken.None);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync()
    {
        await foreach (var output in _channel.AgentOutputs.ReadAllAsync())
        {
            output.Frame.Dispose();
            lock (_outputs) _outputs.Add(output with { Frame = default });
        }
    }
}
