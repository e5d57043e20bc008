using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Realtime.Simulation;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Switchboard.Server.Cli;

/// <summary>
/// Reads agent test files: JSON or YAML, either one test (<c>{ "name", "turns": [...] }</c>) or a suite
/// (<c>{ "agent": "path-or-id", "tests": [...] }</c>). A directory means every .json/.yaml/.yml file in it.
/// </summary>
internal static class AgentTestFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new LenientStringConverter() },
    };

    public sealed record Suite(string Path, string? Agent, IReadOnlyList<AgentTestCase> Tests);

    private sealed record SuiteDocument
    {
        public string? Agent { get; init; }
        public IReadOnlyList<AgentTestCase>? Tests { get; init; }
    }

    /// <exception cref="CliException">The path does not exist, or a file is not a valid test file (the message names it and the problem).</exception>
    public static IReadOnlyList<Suite> Load(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                    || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0) throw new CliException($"{path}: no .json, .yaml or .yml test files.");
            return [.. files.Select(LoadFile)];
        }
        if (!File.Exists(path)) throw new CliException($"{path}: no such file or directory.");
        return [LoadFile(path)];
    }

    private static Suite LoadFile(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? text : YamlToJson(text);
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new CliException($"{path}: a test file holds an object.");
            if (document.RootElement.TryGetProperty("tests", out _))
            {
                var suite = document.RootElement.Deserialize<SuiteDocument>(Json)!;
                return new Suite(path, Resolve(path, suite.Agent), suite.Tests ?? []);
            }
            var single = document.RootElement.Deserialize<AgentTestCase>(Json)!;
            return new Suite(path, null, [single]);
        }
        catch (JsonException e)
        {
            throw new CliException($"{path}: not a valid test file: {e.Message}");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new CliException($"{path}: not valid YAML: {e.Message}");
        }
        catch (IOException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }

    /// <summary>An agent named relative to its test file resolves against the file's folder; an id stays as it is.</summary>
    private static string? Resolve(string testFile, string? agent)
    {
        if (agent is null || !agent.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || System.IO.Path.IsPathRooted(agent)) return agent;
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(testFile))!, agent);
    }

    /// <summary>
    /// YAML to JSON through the representation model, so quoting survives: plain <c>true</c>, <c>3</c>, <c>null</c> are
    /// typed; quoted scalars stay strings. (Numbers meant as text, such as <c>digits: 12</c>, are read back as text.)
    /// </summary>
    private static string YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0) throw new CliException("the YAML file is empty.");
        return Convert(stream.Documents[0].RootNode)?.ToJsonString() ?? "null";
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", Convert(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new CliException("unsupported YAML (aliases or tags)."),
    };

    private static JsonValue? Plain(string? value) => value switch
    {
        null or "" or "~" or "null" => null,
        "true" or "True" => JsonValue.Create(true),
        "false" or "False" => JsonValue.Create(false),
        _ when long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        _ when double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        _ => JsonValue.Create(value),
    };
}
