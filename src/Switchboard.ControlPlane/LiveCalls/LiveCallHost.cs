using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Ivr;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.ResponseEngines.Ivr;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Transports;

#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x

namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>
/// Runs every live call on this server, whatever carries it: loads the agent, records the call, builds its engine,
/// speech and VAD, runs a <see cref="CallSession"/> over the transport's <see cref="IMediaChannel"/>, and enforces the
/// server-wide and per-organization concurrent call limits. Live calls can be found (to end them, inject lines, follow
/// their events) until they end.
/// </summary>
/// <remarks>Thread-safe singleton. <see cref="StopAsync"/> (at shutdown) ends every call and waits for them.</remarks>
internal sealed partial class LiveCallHost(
    LiveAgentLoader agents,
    CallRegistry registry,
    LiveCallResources resources,
    IvrSessionRecorder ivrSessions,
    IEnumerable<ICallObserver> observers,
    IOptions<LiveCallOptions> options,
    IOptions<SwitchboardOptions> server,
    ILoggerFactory loggers,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<string, LiveCall> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<LiveCall, Task> _running = new();
    private readonly Dictionary<string, int> _perOrganization = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ICallObserver[] _observers = [.. observers];
    private readonly ILogger _logger = loggers.CreateLogger<LiveCallHost>();
    private int _total;
    private bool _stopping;

    /// <summary>Calls running now.</summary>
    public int ActiveCalls => Volatile.Read(ref _total);

    /// <summary>Whether a new call for <paramref name="organizationId"/> would be admitted now (a cheap check before answering).</summary>
    public bool HasCapacity(string organizationId)
    {
        var limits = options.Value;
        lock (_gate)
        {
            return !_stopping && _total < limits.MaxConcurrentCalls
                && _perOrganization.GetValueOrDefault(organizationId) < limits.MaxConcurrentCallsPerOrganization;
        }
    }

    /// <summary>The live call <paramref name="callId"/> of <paramref name="organizationId"/>, or null (ended, elsewhere, or another tenant's).</summary>
    public LiveCall? Find(string organizationId, string callId) =>
        _calls.TryGetValue(callId, out var call) && call.OrganizationId == organizationId ? call : null;

    /// <summary>
    /// Starts a call over <paramref name="channel"/> and returns once it runs. Takes ownership of the channel: it is
    /// disposed when the call ends, or at once when the call cannot start.
    /// </summary>
    /// <exception cref="CallCapacityException">The server or the organization is at its concurrent call limit.</exception>
    /// <exception cref="ArgumentException">The agent does not exist, or cannot run here (the message says why).</exception>
    public async Task<LiveCall> StartAsync(LiveCallRequest request, IMediaChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(channel);
        try
        {
            Reserve(request.OrganizationId);
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var cleanup = new List<IDisposable>();
        IResponseEngine? engine = null;
        try
        {
            var agent = await agents.LoadAsync(request.OrganizationId, request.AgentId, request.AgentVersion, cancellationToken).ConfigureAwait(false);
            if (request.IvrMenuId is { } menuId) agent = await agents.BehindMenuAsync(request.OrganizationId, agent, menuId, cancellationToken).ConfigureAwait(false);
            var callId = request.CallId ?? Ids.New(Ids.Call);
            var context = Context(request, agent, callId);
            engine = CreateEngine(context);
            // The menu engine stays readable after a hand-over swaps it out: its path is recorded when the call ends.
            var menu = engine is IvrResponseEngine ivr && agent.IvrMenuId is { } id ? (ivr, id) : ((IvrResponseEngine, string)?)null;
            var (stt, tts) = Speech(agent);
            cleanup.Add(stt);
            cleanup.Add(tts);
            var vad = resources.VadFor(agent);
            cleanup.Add(vad);
            if (request.CallId is null)
            {
                var metadata = request.Metadata is null ? (JsonElement?)null : JsonDocument.Parse(request.Metadata).RootElement.Clone();
                await registry.RegisterAsync(request.OrganizationId, new CallRegistration(agent.Id, agent.Version, DirectionName(request.Direction),
                    request.From, request.To, metadata, request.DynamicVariables), cancellationToken, callId).ConfigureAwait(false);
            }

            var live = new LiveCall(request, callId, agent, time.GetUtcNow());
            var session = new CallSession(context, channel, engine, stt, tts, vad, [.. _observers, live], SessionOptions(),
                loggers.CreateLogger<CallSession>(), resources.Engines.HandOver);
            engine = null; // the session owns the engine and the VAD from here on
            cleanup.Remove(vad);
            live.Attach(session);
            _calls[callId] = live;
            _running[live] = Task.Run(() => RunAsync(live, session, channel, stt, tts, menu), CancellationToken.None);
            LogStarted(_logger, callId, request.Transport, request.OrganizationId, agent.Id, agent.Version);
            return live;
        }
        catch
        {
            Release(request.OrganizationId);
            if (engine is not null) await engine.DisposeAsync().ConfigureAwait(false);
            foreach (var disposable in cleanup) disposable.Dispose();
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Ends every live call and waits until each has ended; new calls are refused from now on.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopping = true;
        }
        foreach (var call in _calls.Values) call.End("server_shutdown");
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(LiveCall live, CallSession session, IMediaChannel channel, ISpeechToTextClient stt, ITextToSpeechClient tts,
        (IvrResponseEngine Engine, string MenuId)? menu)
    {
        var reason = "error";
        try
        {
            reason = await session.RunAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogFailed(_logger, e, live.CallId);
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
            await channel.DisposeAsync().ConfigureAwait(false);
            stt.Dispose();
            tts.Dispose();
            if (menu is { } m) await RecordIvrSessionAsync(live, m.Engine, m.MenuId).ConfigureAwait(false);
            _calls.TryRemove(live.CallId, out _);
            _running.TryRemove(live, out _);
            Release(live.OrganizationId);
            LogEnded(_logger, live.CallId, reason);
            live.Complete(reason);
        }
    }

    private async Task RecordIvrSessionAsync(LiveCall live, IvrResponseEngine engine, string menuId)
    {
        try
        {
            await ivrSessions.RecordAsync(live.OrganizationId, live.CallId, menuId, engine, live.StartedAt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The call is over either way; a lost IVR session row must not turn its end into a failure.
            LogIvrSessionFailed(_logger, e, live.CallId);
        }
    }

    private void Reserve(string organizationId)
    {
        var limits = options.Value;
        var retryAfter = TimeSpan.FromSeconds(limits.RetryAfterSeconds);
        lock (_gate)
        {
            if (_stopping) throw new CallCapacityException("The server is shutting down.", retryAfter);
            if (_total >= limits.MaxConcurrentCalls)
                throw new CallCapacityException($"The server is running its maximum of {limits.MaxConcurrentCalls} concurrent calls.", retryAfter);
            var current = _perOrganization.GetValueOrDefault(organizationId);
            if (current >= limits.MaxConcurrentCallsPerOrganization)
                throw new CallCapacityException($"The organization has its maximum of {limits.MaxConcurrentCallsPerOrganization} concurrent calls.", retryAfter);
            _perOrganization[organizationId] = current + 1;
            _total++;
        }
    }

    private void Release(string organizationId)
    {
        lock (_gate)
        {
            _total--;
            var left = _perOrganization.GetValueOrDefault(organizationId) - 1;
            if (left <= 0) _perOrganization.Remove(organizationId);
            else _perOrganization[organizationId] = left;
        }
    }

    private CallContext Context(LiveCallRequest request, AgentDefinition agent, string callId)
    {
        var variables = new Dictionary<string, string>(agent.DynamicVariables, StringComparer.Ordinal);
        foreach (var (key, value) in request.DynamicVariables ?? new Dictionary<string, string>()) variables[key] = value;
        variables["call_id"] = callId;
        if (request.From is { } from) variables["from_number"] = from;
        if (request.To is { } to) variables["to_number"] = to;
        return new CallContext
        {
            CallId = callId,
            OrganizationId = request.OrganizationId,
            Agent = agent,
            Direction = request.Direction,
            From = request.From,
            To = request.To,
            Variables = variables,
            Time = time,
        };
    }

    private IResponseEngine CreateEngine(CallContext context)
    {
        try
        {
            return resources.Engines.Create(context);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, nameof(context), e);
        }
    }

    private (ISpeechToTextClient, ITextToSpeechClient) Speech(AgentDefinition agent)
    {
        try
        {
            return resources.SpeechFor(agent);
        }
        catch (Exception e) when (e is InvalidOperationException or Switchboard.Speech.SpeechException)
        {
            throw new ArgumentException(e.Message, nameof(agent), e);
        }
    }

    private CallSessionOptions SessionOptions()
    {
        var directory = options.Value.RecordingDirectory;
        if (!Path.IsPathRooted(directory)) directory = Path.Combine(server.Value.DataDirectory, directory);
        return new CallSessionOptions { RecordingDirectory = directory };
    }

    internal static string DirectionName(CallDirection direction) => direction switch
    {
        CallDirection.Inbound => "inbound",
        CallDirection.Outbound => "outbound",
        CallDirection.Web => "web",
        _ => "simulated",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} started over {Transport} (organization {OrganizationId}, agent {AgentId} v{AgentVersion}).")]
    private static partial void LogStarted(ILogger logger, string callId, string transport, string organizationId, string agentId, int agentVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} ended: {Reason}.")]
    private static partial void LogEnded(ILogger logger, string callId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: its IVR session could not be recorded.")]
    private static partial void LogIvrSessionFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {CallId} failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string callId);
}
