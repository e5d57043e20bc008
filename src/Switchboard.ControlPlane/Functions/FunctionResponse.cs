using System.Text.Json;

namespace Switchboard.ControlPlane.Functions;

/// <summary>A function as of one version (the newest unless a version was asked for).</summary>
internal sealed record FunctionResponse(
    string Id,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Name,
    string? Description,
    string? Kind,
    string? Builtin,
    JsonElement? Parameters,
    JsonElement? Http,
    int? TimeoutMs,
    bool? SpeakDuringExecution,
    string? FillerLine,
    IReadOnlyList<string>? PiiFields)
{
    public static FunctionResponse From(FunctionDefinition f, int version, FunctionConfig c) =>
        new(f.Id, version, f.CreatedAt, f.UpdatedAt, c.Name, c.Description, c.Kind, c.Builtin, c.Parameters, c.Http,
            c.TimeoutMs, c.SpeakDuringExecution, c.FillerLine, c.PiiFields);
}
