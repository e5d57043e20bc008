using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Functions;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.ControlPlane.Webhooks.Events;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Tools.BuiltIns;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// Turns a recorded call event into its webhook events, in the recorder's own context: the events and their deliveries
/// are committed by the same save as the <c>call_events</c> rows that caused them, so a crash loses neither or both.
/// Stateless apart from the per-call <see cref="CallWebhookState"/> the recorder owns; thread-safe.
/// </summary>
internal sealed class CallWebhookProducer(WebhookOutbox outbox)
{
    /// <summary>The <c>error</c> code of a call the engine ended because something failed.</summary>
    public const string CallFailedCode = "call_failed";

    /// <summary>A function's error message is cut here: an alert, not a log (the execution log has the rest).</summary>
    public const int MaxErrorChars = 1000;

    /// <summary>Adds the webhook events of <paramref name="callEvent"/>, whose call record <paramref name="call"/> the recorder
    /// has already updated, to <paramref name="db"/> without saving.</summary>
    /// <param name="recipients">The batch's cache of endpoints and agent URLs (one per context and save).</param>
    public async Task ProduceAsync(SwitchboardDbContext db, string organizationId, CallEvent callEvent, Call call, CallWebhookState state,
        WebhookRecipientCache recipients, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        ArgumentNullException.ThrowIfNull(callEvent);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(recipients);
        // A call without an agent has nobody's events to send (and call.* always names the agent).
        if (call.AgentId.Length == 0) return;
        var agentId = call.AgentId;
        switch (callEvent)
        {
            case CallStarted s:
                await outbox.EnqueueForOrganizationAsync(db, organizationId, WebhookEventTypes.CallStarted,
                    new CallStartedData(call.Id, agentId, s.AgentVersion, call.Direction, s.From, s.To, call.StartedAt ?? s.At), agentId, recipients, ct);
                break;
            case Utterance u:
                var line = new TranscriptLine(u.Role == UtteranceRole.Agent ? "agent" : "user", u.Text, CallEventPayloads.Ms(u.Start),
                    CallEventPayloads.Ms(u.End), u.Interrupted);
                var transcript = state.AddLine(call.Id, agentId, line);
                // One per utterance, up to 50 lines each: not stored at all when nobody listens.
                await outbox.EnqueueForSubscribersAsync(db, organizationId, WebhookEventTypes.TranscriptUpdated, transcript, agentId, recipients, ct);
                break;
            case NodeTransition n:
                await outbox.EnqueueForSubscribersAsync(db, organizationId, WebhookEventTypes.ConversationUpdated,
                    new ConversationUpdatedData(call.Id, agentId, n.FromNodeId, n.NodeId, n.Reason, n.Variables is { Count: > 0 } ? n.Variables : null), agentId, recipients, ct);
                break;
            case TransferStarting ts:
                await outbox.EnqueueForOrganizationAsync(db, organizationId, WebhookEventTypes.TransferStarted,
                    new TransferStartedData(call.Id, agentId, ts.Target, ts.Mode), agentId, recipients, ct);
                break;
            case TransferAttempted x:
                await outbox.EnqueueForOrganizationAsync(db, organizationId, WebhookEventTypes.TransferEnded,
                    new TransferEndedData(call.Id, agentId, x.Target, x.Mode, x.Outcome, x.Accepted, x.Detail), agentId, recipients, ct);
                break;
            case ToolCalled t:
                await FunctionFailedAsync(db, organizationId, t, call, state, recipients, ct);
                break;
            case CallEnded ended:
                if (ended.Reason == "error")
                {
                    await outbox.EnqueueForOrganizationAsync(db, organizationId, WebhookEventTypes.Error,
                        new ErrorData(CallFailedCode, "The call ended because of an error in the call engine (speech, language model or "
                            + "transport); its record and the server log have the details.", call.Id, agentId), agentId, recipients, ct);
                }
                await outbox.EnqueueForOrganizationAsync(db, organizationId, WebhookEventTypes.CallEnded,
                    new CallEndedData(call.Id, agentId, call.StartedAt ?? ended.At, ended.At, call.DurationMs ?? 0, ended.Reason), agentId, recipients, ct);
                break;
        }
    }

    private async Task FunctionFailedAsync(SwitchboardDbContext db, string organizationId, ToolCalled t, Call call, CallWebhookState state,
        WebhookRecipientCache recipients, CancellationToken ct)
    {
        // The engine's built-ins shadow any organization function of the same name (they run, not the function).
        if (BuiltInToolRegistry.AllNames.Contains(t.Name)) return;
        if (!FunctionToolFailure.TryRead(t, out var code, out var message) || !FunctionToolFailure.IsReportable(code)) return;
        // The tenant filter scopes the name to this organization; a function deleted meanwhile has nobody to report to.
        var function = await db.Functions.AsNoTracking()
            .Where(f => f.Name == t.Name)
            .Select(f => new { f.Id, f.Name })
            .FirstOrDefaultAsync(ct);
        if (function is null || !state.FirstFailureReport(t.IdempotencyKey)) return;
        var error = SensitiveDataMasker.MaskText(message);
        if (error.Length > MaxErrorChars) error = error[..MaxErrorChars];
        await outbox.EnqueueForOrganizationAsync(db, organizationId, WebhookEventTypes.FunctionFailed,
            new FunctionFailedData(function.Id, function.Name, call.Id, call.AgentId, code, error, t.IdempotencyKey, CallEventPayloads.Ms(t.Elapsed)),
            call.AgentId, recipients, ct);
    }
}
