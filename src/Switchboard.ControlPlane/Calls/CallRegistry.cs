using System.Text.Json;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Calls;

/// <summary>
/// Creates call records in status <c>registered</c> with their metadata and dynamic variables, for the code that places
/// or accepts a call (the telephony issue's <c>POST /calls</c>); the <see cref="CallRecorder"/> then fills in the rest
/// from the session's events. Thread-safe.
/// </summary>
internal sealed class CallRegistry(OrganizationDbContextFactory contexts, TimeProvider time)
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
}
