using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.Realtime.ResponseEngines.Ivr;

namespace Switchboard.ControlPlane.Ivr;

/// <summary>
/// Writes the <c>ivr_sessions</c> row of a finished call: the path the caller took through a menu and how it ended.
/// LiveCallHost calls it once per call that started in a stored menu, after the call ended.
/// </summary>
/// <remarks>Singleton and thread-safe: each call opens its own scope and database context. Runs outside any API
/// request, so the organization is passed explicitly and checked against the menu.</remarks>
internal sealed class IvrSessionRecorder(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>More steps than any bounded menu walk produces; a longer path means a caller loop bug upstream.</summary>
    public const int MaxSteps = 1000;

    /// <summary>Records <paramref name="engine"/>'s path and outcome; the session ends now.</summary>
    public Task<string> RecordAsync(
        string organizationId, string callId, string menuId, IvrResponseEngine engine, DateTimeOffset startedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return RecordAsync(organizationId, callId, menuId, engine.Path, engine.Outcome, engine.OutcomeTarget, startedAt, time.GetUtcNow(), ct);
    }

    /// <returns>The new session's id (<c>ivrs_…</c>).</returns>
    /// <exception cref="ArgumentException">An id is empty, the times are reversed, the path is too long, or the menu is
    /// not one of the organization's (deleted menus still count: the call may have started before the delete).</exception>
    public async Task<string> RecordAsync(
        string organizationId, string callId, string menuId, IReadOnlyList<IvrPathStep> path, IvrOutcome outcome,
        string? outcomeTarget, DateTimeOffset startedAt, DateTimeOffset endedAt, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        ArgumentException.ThrowIfNullOrWhiteSpace(menuId);
        ArgumentNullException.ThrowIfNull(path);
        if (callId.Length > 80) throw new ArgumentException("callId must be at most 80 characters.", nameof(callId));
        if (endedAt < startedAt) throw new ArgumentException("endedAt is before startedAt.", nameof(endedAt));
        if (path.Count > MaxSteps) throw new ArgumentException($"A path of {path.Count} steps is more than {MaxSteps}.", nameof(path));

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        // No tenant here, so the query filters would match nothing: the organization is checked by hand instead.
        var exists = await db.IvrMenus.IgnoreQueryFilters().AnyAsync(m => m.Id == menuId && m.OrganizationId == organizationId, ct);
        if (!exists) throw new ArgumentException($"Organization '{organizationId}' has no IVR menu '{menuId}'.", nameof(menuId));

        var steps = new IvrPathStepResponse[path.Count];
        for (var i = 0; i < steps.Length; i++)
        {
            var s = path[i];
            steps[i] = new IvrPathStepResponse(s.At, s.NodeId, JsonNamingPolicy.SnakeCaseLower.ConvertName(s.Kind.ToString()), s.Digit, s.Keyword, s.Detail);
        }

        var session = new IvrSession
        {
            Id = Ids.New(Ids.IvrSession),
            OrganizationId = organizationId,
            CallId = callId,
            MenuId = menuId,
            Path = JsonSerializer.Serialize(steps, JsonDefaults.Options),
            Outcome = OutcomeName(outcome),
            OutcomeTarget = outcomeTarget is { Length: > 500 } ? outcomeTarget[..500] : outcomeTarget,
            StartedAt = startedAt,
            EndedAt = endedAt,
            CreatedAt = time.GetUtcNow(),
        };
        db.IvrSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// <summary>A call that ended while still in a menu was abandoned by the caller.</summary>
    public static string OutcomeName(IvrOutcome outcome) => outcome switch
    {
        IvrOutcome.Transferred => "transferred",
        IvrOutcome.HandedOver => "handed_over",
        IvrOutcome.HungUp => "hung_up",
        IvrOutcome.InProgress => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown IVR outcome."),
    };
}
