using System.Text.Json;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Ivr;

internal sealed record IvrSessionResponse(
    string Id,
    string CallId,
    string MenuId,
    string Outcome,
    string? OutcomeTarget,
    IReadOnlyList<IvrPathStepResponse> Path,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    DateTimeOffset CreatedAt)
{
    public static IvrSessionResponse From(IvrSession s) =>
        new(s.Id, s.CallId, s.MenuId, s.Outcome, s.OutcomeTarget,
            JsonSerializer.Deserialize<IvrPathStepResponse[]>(s.Path, JsonDefaults.Options) ?? [],
            s.StartedAt, s.EndedAt, s.CreatedAt);
}
