using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// Creates call records in status <c>registered</c> with their metadata and dynamic variables, for the code that places
/// or accepts a call (the telephony issue's <c>POST /calls</c>); the <see cref="CallRecorder"/> then fills in the rest
/// from the session's events. Thread-safe.
/// </summary>
internal sealed class CallRegistry(OrganizationDbContextFactory contexts, TimeProvider time, Webhooks.WebhookOutbox? outbox = null)
{
    private static readonly string[] Directions = ["inbound", "outbound", "web", "simulated"];

    /// <summary>Stores a new registered call and returns its id (<c>call_…</c>), to hand to the session as its call id.</summary>
    /// <param name="callId">The id to use (one the caller generated with <see cref="Ids.New"/>); null: a new one.</param>
    /// <exception cref="ArgumentException">A field is missing or malformed; the message names it.</exception>
    public async Task<string> RegisterAsync(string organizationId, CallRegistration registration, CancellationToken cancellationToken, string? callId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(organizationId);
        ArgumentNullException.ThrowIfNull(registration);
        if (string.IsNullOrEmpty(registration.AgentId))
            throw new ArgumentException("agent_id is required.", nameof(registration));
        if (registration.AgentVersion < 1)
            throw new ArgumentException("agent_version must be 1 or more.", nameof(registration));
        if (Array.IndexOf(Directions, registration.Direction) < 0)
            throw new ArgumentException("direction must be one of inbound, outbound, web, simulated.", nameof(registration));
        if (registration.Metadata is { } m && m.ValueKind != JsonValueKind.Object)
            throw new ArgumentException("metadata must be a JSON object.", nameof(registration));

        var call = new Call
        {
            Id = callId ?? Ids.New(Ids.Call),
            OrganizationId = organizationId,
            AgentId = registration.AgentId,
            AgentVersion = registration.AgentVersion,
            Direction = registration.Direction,
            FromNumber = registration.FromNumber,
            ToNumber = registration.ToNumber,
            Status = CallStatuses.Registered,
            CreatedAt = time.GetUtcNow(),
            Metadata = registration.Metadata?.GetRawText(),
            DynamicVariables = registration.DynamicVariables is null ? null : JsonSerializer.Serialize(registration.DynamicVariables, JsonDefaults.Options),
        };
        await using var db = contexts.Create(organizationId);
        db.Calls.Add(call);
        await db.SaveChangesAsync(cancellationToken);
        return call.Id;
    }

    /// <summary>An outbound call's far end is alerting: registered becomes ringing (a later status is left alone).</summary>
    public async Task MarkRingingAsync(string organizationId, string callId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create(organizationId);
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null || call.Status != CallStatuses.Registered) return;
        call.Status = CallStatuses.Ringing;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A call that never connected (busy, no answer, rejected, failed to dial) ends with <paramref name="reason"/> and a
    /// <c>call.ended</c> webhook (duration 0); a call the session already took over is left to the recorder.
    /// </summary>
    public async Task EndUnconnectedAsync(string organizationId, string callId, string reason, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create(organizationId);
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null || call.Status is not (CallStatuses.Registered or CallStatuses.Ringing)) return;
        call.Status = CallStatuses.Ended;
        call.DisconnectionReason = reason;
        call.EndedAt = time.GetUtcNow();
        call.DurationMs = 0;
        if (outbox is not null)
        {
            // In the same transaction as the row, as the recorder does for connected calls: call.ended is never lost.
            await outbox.EnqueueForOrganizationAsync(db, organizationId, Webhooks.WebhookEventTypes.CallEnded,
                new Webhooks.Events.CallEndedData(call.Id, call.AgentId, call.EndedAt.Value, call.EndedAt.Value, 0, reason), call.AgentId, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
