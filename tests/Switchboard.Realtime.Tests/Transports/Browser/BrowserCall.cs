using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Realtime.ResponseEngines.Flow;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Simulation;
using Switchboard.Realtime.Tests.Sessions;
using Switchboard.Realtime.Transports.Browser;

#pragma warning disable MEAI001

namespace Switchboard.Realtime.Tests.Transports.Browser;

/// <summary>
/// A whole call over the browser transport: a real <see cref="CallSession"/> running a flow agent with the offline
/// engines (flite, pocketsphinx, Silero) on one end of an in-memory WebSocket, and a scripted page on the other. The call's
/// events are forwarded to the channel the way the server's stream endpoint does.
/// </summary>
internal sealed class BrowserCall : ICallObserver, IAsyncDisposable
{
    private readonly WebSocketPair _pair = new();
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromMinutes(2));

    public BrowserCall(string flowJson)
    {
        using var flow = JsonDocument.Parse(flowJson);
        var agent = new AgentDefinition { Id = "agent_web", Engine = ResponseEngineKind.Flow, Flow = flow.RootElement.Clone(), ReminderAfterMs = null };
        var call = new CallContext { CallId = "call_web", OrganizationId = "org_test", Agent = agent, Direction = CallDirection.Web };
        Channel = new BrowserMediaChannel(_pair.Server, call.CallId, agent.Id);
        Client = new BrowserClient(_pair.Client);
        Session = new CallSession(call, Channel, new FlowResponseEngine(call), CallHarness.SharedStt.Value, CallHarness.SharedTts.Value,
            CallHarness.SharedVad.Value.CreateDetector(CallSession.RecognizerRate, CallSession.VadOptionsFor(agent)), [Observer, this]);
        Run = Session.RunAsync(_cts.Token);
        Channel.Start();
    }

    public BrowserMediaChannel Channel { get; }
    public BrowserClient Client { get; }
    public CallSession Session { get; }
    public RecordingObserver Observer { get; } = new();
    public Task<string> Run { get; }

    public ValueTask OnEventAsync(CallEvent callEvent, CancellationToken cancellationToken) => Channel.ForwardAsync(callEvent, cancellationToken);

    /// <summary>
    /// The page's microphone says <paramref name="text"/> (flite, 16 kHz), in real time and in messages of uneven sizes as
    /// an AudioWorklet would post them; afterwards it sends nothing, as a muted microphone would.
    /// </summary>
    public async Task SayAsync(string text)
    {
        var response = await CallHarness.SharedTts.Value.GetAudioAsync(text, new TextToSpeechOptions { AudioFormat = "audio/pcm" }, _cts.Token);
        var pcm = ((DataContent)response.Contents[0]).Data;
        int[] sizes = [1281, 639, 1920, 2561]; // bytes: 40, 20, 60 and 80 ms, two of them splitting a sample
        var pacer = new RealTimePacer(TimeProvider.System, TimeSpan.FromMilliseconds(20));
        var sent = 0;
        var frames = 0;
        for (var i = 0; sent < pcm.Length; i++)
        {
            var size = Math.Min(sizes[i % sizes.Length], pcm.Length - sent);
            await Client.SendBytesAsync(pcm.Slice(sent, size));
            sent += size;
            // Keep to real time: wait out the frames this message carried.
            for (var due = sent / 640; frames < due; frames++) await pacer.WaitAsync(_cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await Client.SendJsonAsync("""{"type":"hangup"}""");
        }
        await Run.WaitAsync(TimeSpan.FromSeconds(30));
        await Channel.DisposeAsync();
        await Session.DisposeAsync();
        await Client.DisposeAsync();
        _pair.Dispose();
        _cts.Dispose();
    }
}
