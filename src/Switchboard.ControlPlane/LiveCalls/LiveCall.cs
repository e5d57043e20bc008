using System.Threading.Channels;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>
/// A call running on this server: ends it, injects lines, and fans its events out to live subscribers (the SSE feed,
/// the browser transport). Thread-safe. Created and owned by <see cref="LiveCallHost"/>.
/// </summary>
internal sealed class LiveCall : ICallObserver
{
    /// <summary>A subscriber this far behind loses its oldest events rather than slow the call down.</summary>
    private const int SubscriberCapacity = 512;

    private readonly Lock _gate = new();
    private readonly List<Channel<CallEvent>> _subscribers = [];
    private readonly TaskCompletionSource<string> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CallSession? _session;
    private bool _ended;

    public LiveCall(LiveCallRequest request, string callId, AgentDefinition agent, DateTimeOffset startedAt)
    {
        CallId = callId;
        OrganizationId = request.OrganizationId;
        AgentId = agent.Id;
        AgentVersion = agent.Version;
        Direction = request.Direction;
        Transport = request.Transport;
        From = request.From;
        To = request.To;
        StartedAt = startedAt;
    }

    public string CallId { get; }
    public string OrganizationId { get; }
    public string AgentId { get; }
    public int AgentVersion { get; }
    public CallDirection Direction { get; }
    public string Transport { get; }
    public string? From { get; }
    public string? To { get; }
    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes with the end reason once the call has ended and its resources are released.</summary>
    public Task<string> Completion => _completion.Task;

    /// <summary>True when the agent's engine takes injected context (LLM agents).</summary>
    public bool AcceptsContext => _session?.AcceptsContext ?? false;

    /// <summary>Ends the call from our side; the transport is hung up with <paramref name="reason"/> recorded.</summary>
    public void End(string reason) => _session?.RequestEnd(reason);

    /// <summary>The agent says <paramref name="text"/> when it is next idle.</summary>
    public void Say(string text) => _session?.RequestSay(text);

    /// <summary>Adds context the model sees from its next answer; false when the agent keeps no model context.</summary>
    public bool AddContext(string text) => _session?.RequestContext(text) ?? false;

    /// <summary>The call's events from now on; completes after <see cref="CallEnded"/> (at once if the call has ended).</summary>
    public ChannelReader<CallEvent> Subscribe()
    {
        var channel = Channel.CreateBounded<CallEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        lock (_gate)
        {
            if (_ended) channel.Writer.TryComplete();
            else _subscribers.Add(channel);
        }
        return channel.Reader;
    }

    /// <summary>Stops delivering to a subscriber that went away.</summary>
    public void Unsubscribe(ChannelReader<CallEvent> reader)
    {
        lock (_gate)
        {
            _subscribers.RemoveAll(c => c.Reader == reader);
        }
    }

    ValueTask ICallObserver.OnEventAsync(CallEvent callEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers) subscriber.Writer.TryWrite(callEvent);
            if (callEvent is CallEnded)
            {
                _ended = true;
                foreach (var subscriber in _subscribers) subscriber.Writer.TryComplete();
                _subscribers.Clear();
            }
        }
        return ValueTask.CompletedTask;
    }

    internal void Attach(CallSession session) => _session = session;

    internal void Complete(string reason)
    {
        lock (_gate)
        {
            _ended = true;
            foreach (var subscriber in _subscribers) subscriber.Writer.TryComplete();
            _subscribers.Clear();
        }
        _completion.TrySetResult(reason);
    }
}
