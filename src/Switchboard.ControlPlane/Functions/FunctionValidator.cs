using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.ControlPlane.Functions.Builtins;
using Switchboard.ControlPlane.Functions.Http;

namespace Switchboard.ControlPlane.Functions;

/// <summary>Fills defaults into a definition and names every bad field, not just the first.</summary>
internal static partial class FunctionValidator
{
    public const int DefaultTimeoutMs = 10_000;
    public const int MinTimeoutMs = 100;
    public const int MaxTimeoutMs = 120_000;
    public const string DefaultFillerLine = "One moment, please.";
    private const string EmptyObjectSchema = """{"type":"object","properties":{}}""";

    /// <summary>
    /// 422 when only the http settings' content is wrong (the document is well-formed but would not run, like a
    /// broken flow graph); 400 when any basic field is wrong. Every problem is listed either way.
    /// </summary>
    public static int StatusFor(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count > 0 && errors.Keys.All(k => k.StartsWith("http.", StringComparison.Ordinal)) ? 422 : 400;

    public static async Task<(FunctionConfig Config, Dictionary<string, string[]> Errors)> NormalizeAsync(FunctionConfig c, BuiltinCatalog catalog)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        IBuiltinFunction? builtin = null;
        var parameters = c.Parameters;
        switch (c.Kind)
        {
            case FunctionKinds.Builtin:
                if (string.IsNullOrEmpty(c.Builtin)) Error("builtin", "builtin is required for kind 'builtin': one of " + string.Join(", ", catalog.Names) + ".");
                else if (!catalog.TryGet(c.Builtin, out builtin)) Error("builtin", $"Unknown builtin '{c.Builtin}'; one of " + string.Join(", ", catalog.Names) + ".");
                if (c.Http is not null) Error("http", "http settings apply only to kind 'http'.");
                if (builtin is not null)
                {
                    var fixedSchema = catalog.Schema(builtin.Name);
                    if (parameters is { } given && given.ValueKind != JsonValueKind.Null && !JsonElement.DeepEquals(given, fixedSchema))
                        Error("parameters", $"The parameters of builtin '{builtin.Name}' are fixed; omit parameters.");
                    parameters = fixedSchema;
                }
                break;
            case FunctionKinds.Http:
                if (c.Builtin is not null) Error("builtin", "builtin applies only to kind 'builtin'.");
                HttpSettingsParser.Parse(c.Http, Error);
                parameters ??= JsonDocument.Parse(EmptyObjectSchema).RootElement.Clone();
                await FunctionSchemaChecker.CheckAsync(parameters.Value, "parameters", Error);
                break;
            case null:
                Error("kind", "kind is required: 'builtin' or 'http'.");
                break;
            default:
                Error("kind", "kind must be 'builtin' or 'http'.");
                break;
        }

        var name = c.Name ?? builtin?.Name;
        if (string.IsNullOrEmpty(name)) Error("name", "name is required.");
        else if (!FunctionName().IsMatch(name)) Error("name", "name must match ^[a-zA-Z0-9_-]{1,64}$ (what LLM tool APIs accept).");

        var description = c.Description ?? builtin?.Description;
        if (description is { Length: > 1024 }) Error("description", "description must be at most 1024 characters.");

        var timeout = c.TimeoutMs ?? DefaultTimeoutMs;
        if (timeout is < MinTimeoutMs or > MaxTimeoutMs)
            Error("timeout_ms", $"timeout_ms must be between {MinTimeoutMs} and {MaxTimeoutMs} (120 s).");

        var speak = c.SpeakDuringExecution ?? false;
        var filler = c.FillerLine ?? (speak ? DefaultFillerLine : null);
        if (filler is { } line && (string.IsNullOrWhiteSpace(line) || line.Length > 500))
            Error("filler_line", "filler_line must be 1 to 500 characters.");

        var pii = c.PiiFields ?? [];
        if (pii.Count > 50) Error("pii_fields", "At most 50 PII fields.");
        for (var i = 0; i < pii.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(pii[i]) || pii[i].Length > 64) Error($"pii_fields[{i}]", "A PII field is a property name of 1 to 64 characters.");
        }

        var normalized = c with
        {
            Name = name,
            Description = description,
            Parameters = parameters,
            TimeoutMs = timeout,
            SpeakDuringExecution = speak,
            FillerLine = filler,
            PiiFields = pii,
        };
        return (normalized, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
