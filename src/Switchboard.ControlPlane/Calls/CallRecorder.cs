using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// Persists every call's events: <see cref="CallStarted"/> creates (or takes over a registered) call row, every event
/// becomes a <c>call_events</c> row with a per-call sequence, <see cref="CallEnded"/> closes the row with its latency
/// summary. <see cref="OnEventAsync"/> only queues, so a slow database never holds up the session; one loop
/// (<see cref="RunAsync"/>, owned by <see cref="CallRecordingService"/>) writes the queue in batches, one transaction per
/// organization and batch. Thread-safe: any number of sessions may call <see cref="OnEventAsync"/> at once; the per-call
/// state is touched only by the writing loop.
/// </summary>
internal sealed partial class CallRecorder : ICallObserver
{
    /// <summary>Enough for seconds of events from hundreds of calls; beyond it sessions wait (on their event loop, never media).</summary>
    internal const int QueueCapacity = 8192;
    private const int MaxBatch = 512;

    /// <summary>
    /// A call whose last event is this much older than the newest event seen has lost its session without a
    /// <see cref="CallEnded"/> (a crash); its state is dropped so memory stays bounded. Far above any call's max duration.
    /// </summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(24);

    private readonly OrganizationDbContextFactory _contexts;
    private readonly ILogger<CallRecorder> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Dictionary<string, CallState> _calls = new(StringComparer.Ordinal);
    private readonly List<string> _abandoned = [];
    private DateTimeOffset _newestAt = DateTimeOffset.MinValue;

    private readonly CallWebhookProducer? _webhooks;

    /// <param name="outbox">When given, the call's webhook events (<see cref="CallWebhookProducer"/>) go to the organization's
    /// webhooks in the same transaction as the call events that cause them (the outbox), so a webhook is never lost or sent
    /// for something that was not recorded.</param>
    public CallRecorder(OrganizationDbContextFactory contexts, ILogger<CallRecorder> logger, Webhooks.WebhookOutbox? outbox = null)
    {
        _contexts = contexts;
        _logger = logger;
        _webhooks = outbox is null ? null : new CallWebhookProducer(outbox);
    }

    /// <summary>Calls whose end has not been recorded yet (their state is kept in memory until then).</summary>
    internal int OpenCalls => _calls.Count;

    public async ValueTask OnEventAsync(CallEvent callEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callEvent);
        if (string.IsNullOrEmpty(callEvent.CallId))
            throw new ArgumentException("The event has no call id.", nameof(callEvent));
        try
        {
            await _queue.Writer.WriteAsync(new Pending(callEvent, null), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            LogClosed(_logger, callEvent.CallId, callEvent.GetType().Name);
        }
    }

    /// <summary>Completes once every event queued before this call has been written (or failed and been logged).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Pending(null, done), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops taking events; <see cref="RunAsync"/> writes what is queued and returns.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>The writing loop. Returns when <see cref="Complete"/> was called and the queue is drained, or on cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Pending>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item)) batch.Add(item);
            await WriteBatchAsync(batch, cancellationToken);
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch, CancellationToken ct)
    {
        var events = new List<CallEvent>(batch.Count);
        foreach (var item in batch)
        {
            if (item.Event is not null)
            {
                events.Add(item.Event);
                continue;
            }
            // A flush marker: everything before it must be written before it completes.
            await WriteEventsAsync(events, ct);
            events.Clear();
            item.Flushed!.TrySetResult();
        }
        await WriteEventsAsync(events, ct);
    }

    private async Task WriteEventsAsync(List<CallEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        // Per organization, in arrival order: each call's events keep their order, and one context serves one tenant.
        var byOrganization = new Dictionary<string, List<(CallEvent Event, CallState State, int Sequence)>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var state = Track(e);
            if (state is null) continue;
            var sequence = state.LastSequence;
            if (!byOrganization.TryGetValue(state.OrganizationId, out var list))
                byOrganization[state.OrganizationId] = list = [];
            list.Add((e, state, sequence));
        }

        foreach (var (organizationId, list) in byOrganization)
        {
            try
            {
                await WriteOrganizationAsync(organizationId, list, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Dropping is better than retrying forever against a row that cannot be written; the log says how many.
                LogWriteFailed(_logger, ex, list.Count, organizationId);
            }
            finally
            {
                foreach (var (e, _, _) in list)
                {
                    if (e is CallEnded) _calls.Remove(e.CallId);
                }
            }
        }
        ForgetAbandonedCalls();
    }

    /// <summary>Assigns the event its sequence; null when it belongs to no call this recorder saw start.</summary>
    private CallState? Track(CallEvent e)
    {
        if (e.At > _newestAt) _newestAt = e.At;
        var state = TrackCall(e);
        if (state is not null && e.At > state.LastAt) state.LastAt = e.At;
        return state;
    }

    private void ForgetAbandonedCalls()
    {
        var cutoff = _newestAt - AbandonedAfter;
        foreach (var (callId, state) in _calls)
        {
            if (state.LastAt < cutoff) _abandoned.Add(callId);
        }
        foreach (var callId in _abandoned)
        {
            _calls.Remove(callId);
            LogAbandoned(_logger, callId);
        }
        _abandoned.Clear();
    }

    private CallState? TrackCall(CallEvent e)
    {
        if (e is CallStarted started)
        {
            if (!_calls.TryGetValue(e.CallId, out var existing))
            {
                _calls[e.CallId] = existing = new CallState(started.OrganizationId);
            }
            else if (existing.OrganizationId != started.OrganizationId)
            {
                // A call never changes organization; a second start naming another one must not reach the first's row.
                LogOrganizationMismatch(_logger, e.CallId);
                return null;
            }
            existing.StartedAt ??= started.At;
            existing.LastSequence++;
            return existing;
        }
        if (!_calls.TryGetValue(e.CallId, out var state))
        {
            LogUnknownCall(_logger, e.CallId, e.GetType().Name);
            return null;
        }
        state.LastSequence++;
        if (e is TurnLatency l)
        {
            state.Turns.Add(new TurnLatencyEntry(l.Turn, l.At, CallEventPayloads.Ms(l.Offset), MsOrNull(l.SttFinal),
                MsOrNull(l.FirstText), MsOrNull(l.FirstAudio), MsOrNull(l.FirstFrameSent)));
        }
        return state;
    }

    private async Task WriteOrganizationAsync(string organizationId, List<(CallEvent Event, CallState State, int Sequence)> list, CancellationToken ct)
    {
        await using var db = _contexts.Create(organizationId);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (e, _, _) in list) ids.Add(e.CallId);
        var rows = await db.Calls.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, ct);
        var recipients = new Webhooks.WebhookRecipientCache();

        foreach (var (e, state, sequence) in list)
        {
            rows.TryGetValue(e.CallId, out var row);
            switch (e)
            {
                case CallStarted s:
                    if (row is null)
                    {
                        row = new Call { Id = s.CallId, OrganizationId = s.OrganizationId, CreatedAt = s.At };
                        db.Calls.Add(row);
                        rows[s.CallId] = row;
                    }
                    row.AgentId = s.AgentId;
                    row.AgentVersion = s.AgentVersion;
                    row.Direction = CallEventPayloads.Direction(s.Direction);
                    row.FromNumber = s.From;
                    row.ToNumber = s.To;
                    row.StartedAt = state.StartedAt;
                    row.Status = CallStatuses.InProgress;
                    break;
                case CallEnded ended when row is not null:
                    row.Status = ended.Reason == "error" ? CallStatuses.Error : CallStatuses.Ended;
                    row.EndedAt = ended.At;
                    row.DurationMs = row.StartedAt is { } startedAt ? CallEventPayloads.Ms(ended.At - startedAt) : CallEventPayloads.Ms(ended.Offset);
                    row.DisconnectionReason = ended.Reason;
                    row.RecordingPath = ended.RecordingPath ?? row.RecordingPath;
                    row.LatencySummary = JsonSerializer.Serialize(LatencyCalculator.Summarize(state.Turns), JsonDefaults.Options);
                    // In this save: a crash after the call ends can lose neither the record nor its analysis job.
                    await Analysis.AnalysisQueue.OnCallEndedAsync(db, row, ended.At, ct);
                    break;
            }
            if (_webhooks is not null && row is not null) await _webhooks.ProduceAsync(db, organizationId, e, row, state.Webhooks, recipients, ct);

            var (type, payload) = CallEventPayloads.From(e);
            db.CallEvents.Add(new CallEventRecord
            {
                OrganizationId = organizationId,
                CallId = e.CallId,
                Sequence = sequence,
                Type = type,
                At = e.At,
                OffsetMs = CallEventPayloads.Ms(e.Offset),
                Payload = payload,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private static long? MsOrNull(TimeSpan? value) => value is { } v ? CallEventPayloads.Ms(v) : null;

    private readonly record struct Pending(CallEvent? Event, TaskCompletionSource? Flushed);

    private sealed class CallState(string organizationId)
    {
        public string OrganizationId { get; } = organizationId;
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset LastAt { get; set; } = DateTimeOffset.MinValue;
        public int LastSequence { get; set; }
        public List<TurnLatencyEntry> Turns { get; } = [];
        public CallWebhookState Webhooks { get; } = new();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: {EventType} arrived after the recorder stopped; not recorded")]
    private static partial void LogClosed(ILogger logger, string callId, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: {EventType} for a call that never started here; not recorded")]
    private static partial void LogUnknownCall(ILogger logger, string callId, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: no event for a day and never ended; its record stays in_progress")]
    private static partial void LogAbandoned(ILogger logger, string callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {CallId}: started again under another organization; not recorded")]
    private static partial void LogOrganizationMismatch(ILogger logger, string callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} call events of organization {OrganizationId} failed; they are not recorded")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, string organizationId);
}
