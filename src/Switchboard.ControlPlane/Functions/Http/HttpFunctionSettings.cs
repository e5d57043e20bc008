using System.Text.Json.Nodes;

namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>
/// A function's <c>http</c> settings, parsed and checked (<see cref="HttpSettingsParser"/>). Immutable; the
/// <see cref="Body"/> template is never modified (rendering works on a copy).
/// </summary>
internal sealed record HttpFunctionSettings(
    string Method,
    Template Url,
    IReadOnlyList<KeyValuePair<string, Template>> Headers,
    IReadOnlyList<KeyValuePair<string, Template>> Query,
    JsonNode? Body,
    bool HasBody,
    IReadOnlyList<KeyValuePair<string, JsonPath>> ResponseMapping,
    bool SignRequest,
    IReadOnlySet<string> SecretNames);
