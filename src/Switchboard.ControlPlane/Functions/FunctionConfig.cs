using System.Text.Json;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// A function's definition as clients send it and as each version stores it. Everything is nullable so a
/// merge patch and validation can name what is missing instead of failing on deserialization.
/// </summary>
internal sealed record FunctionConfig
{
    public string? Name { get; init; }
    public string? Description { get; init; }

    /// <summary><c>builtin</c> or <c>http</c> (see <see cref="FunctionKinds"/>).</summary>
    public string? Kind { get; init; }

    /// <summary>For kind <c>builtin</c>: which one (e.g. <c>calculator</c>).</summary>
    public string? Builtin { get; init; }

    /// <summary>JSON Schema of the arguments; fixed by the server for built-ins.</summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>For kind <c>http</c>: method, url, headers, query, body, response_mapping, sign_request (see <see cref="Http.HttpSettingsParser"/>).</summary>
    public JsonElement? Http { get; init; }
    public int? TimeoutMs { get; init; }
    public bool? SpeakDuringExecution { get; init; }
    public string? FillerLine { get; init; }

    /// <summary>Property names masked wherever they appear in logged arguments and results.</summary>
    public IReadOnlyList<string>? PiiFields { get; init; }
}
