using System.Text.Json;
using System.Text.RegularExpressions;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// Reads a flow document, collecting every problem with its path, and builds the <see cref="FlowDefinition"/> when
/// there are none. Validation and parsing are one pass so the engine can never accept what the validator would reject.
/// Per-node fields are read by <see cref="FlowNodeReader"/>; this class owns the document and the graph checks.
/// </summary>
internal sealed partial class FlowReader
{
    private static readonly HashSet<string> RootFields = new(StringComparer.Ordinal) { "start", "nodes", "global_variables", "max_steps_per_turn" };

    private readonly List<FlowValidationError> _errors = [];
    private readonly bool _llmAvailable;

    private FlowReader(bool llmAvailable) => _llmAvailable = llmAvailable;

    public bool LlmAvailable => _llmAvailable;

    public static (IReadOnlyList<FlowValidationError> Errors, FlowDefinition? Flow) Read(JsonElement document, bool llmAvailable)
    {
        var reader = new FlowReader(llmAvailable);
        var flow = reader.ReadRoot(document);
        return (reader._errors, reader._errors.Count == 0 ? flow : null);
    }

    public void Error(string path, string message) => _errors.Add(new FlowValidationError(path, message));

    private FlowDefinition? ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("", "A flow must be a JSON object: { \"start\": \"node_id\", \"nodes\": [ ... ] }.");
            return null;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!RootFields.Contains(property.Name))
                Error(property.Name, $"Unknown field '{property.Name}'; a flow has start, nodes, global_variables and max_steps_per_turn.");
        }

        var globals = ReadGlobals(root);
        var maxSteps = FlowDefaults.MaxStepsPerTurn;
        if (root.TryGetProperty("max_steps_per_turn", out var steps))
        {
            if (steps.ValueKind != JsonValueKind.Number || !steps.TryGetInt32(out maxSteps) || maxSteps < 1 || maxSteps > FlowDefaults.MaxStepsLimit)
                Error("max_steps_per_turn", $"max_steps_per_turn must be a whole number from 1 to {FlowDefaults.MaxStepsLimit}.");
        }

        var nodes = ReadNodes(root);
        var byId = new Dictionary<string, (int Index, FlowNode Node)>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not { } node) continue;
            if (byId.TryGetValue(node.Id, out var first))
                Error($"nodes[{i}].id", $"Duplicate node id '{node.Id}' (already used by nodes[{first.Index}]); ids must be unique.");
            else byId[node.Id] = (i, node);
        }

        string? start = null;
        if (!root.TryGetProperty("start", out var startElement) || startElement.ValueKind == JsonValueKind.Null)
            Error("start", "start is required: the id of the node the call begins at.");
        else if (startElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(startElement.GetString()))
            Error("start", "start must be a node id (a non-empty string).");
        else
        {
            start = startElement.GetString()!;
            if (nodes.Count > 0 && !byId.ContainsKey(start)) Error("start", $"start '{start}' is not the id of any node.");
        }

        CheckEdges(nodes, byId);
        if (start is not null && byId.ContainsKey(start))
        {
            CheckReachable(nodes, byId, start);
            CheckLoopsWithoutInput(nodes, byId);
        }

        if (start is null || _errors.Count > 0) return null;
        var map = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        foreach (var (id, entry) in byId) map[id] = entry.Node;
        return new FlowDefinition
        {
            Start = start,
            Nodes = map,
            GlobalVariables = globals,
            MaxStepsPerTurn = maxSteps,
            UsesTools = map.Values.Any(n => n.Kind == FlowNodeKind.Function),
            UsesLlm = map.Values.Any(n => n.Conditions.Any(c => c.Kind == FlowConditionKind.Llm)),
        };
    }

    private Dictionary<string, string> ReadGlobals(JsonElement root)
    {
        var globals = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("global_variables", out var element) || element.ValueKind == JsonValueKind.Null) return globals;
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error("global_variables", "global_variables must be an object of name → text.");
            return globals;
        }
        foreach (var property in element.EnumerateObject())
        {
            var path = "global_variables." + property.Name;
            if (!IsIdentifier(property.Name))
                Error(path, "A variable name is letters, digits and _ (starting with a letter or _), at most 64 characters.");
            if (property.Value.ValueKind == JsonValueKind.String) globals[property.Name] = property.Value.GetString()!;
            else Error(path, "A global variable's value must be a string.");
        }
        return globals;
    }

    private List<FlowNode?> ReadNodes(JsonElement root)
    {
        var nodes = new List<FlowNode?>();
        if (!root.TryGetProperty("nodes", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            Error("nodes", "nodes is required: an array of nodes.");
            return nodes;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error("nodes", "nodes must be an array of nodes.");
            return nodes;
        }
        var count = element.GetArrayLength();
        if (count == 0) Error("nodes", "nodes must hold at least one node.");
        if (count > FlowDefaults.MaxNodes) Error("nodes", $"A flow has at most {FlowDefaults.MaxNodes} nodes.");

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            nodes.Add(new FlowNodeReader(this, item, $"nodes[{index}]").Read());
            index++;
        }
        return nodes;
    }

    /// <summary>Every edge of a node as (path of the field, target id), in document order.</summary>
    private static IEnumerable<(string Path, string Target)> Edges(FlowNode node, int index)
    {
        var at = $"nodes[{index}]";
        if (node.Next is { } next) yield return ($"{at}.next", next);
        if (node.OnFailure is { } failure) yield return ($"{at}.on_failure", failure);
        if (node.OnError is { } error) yield return ($"{at}.on_error", error);
        for (var c = 0; c < node.Conditions.Count; c++) yield return ($"{at}.conditions[{c}].next", node.Conditions[c].Next);
        if (node.Default is { } fallback) yield return ($"{at}.default", fallback);
    }

    private void CheckEdges(List<FlowNode?> nodes, Dictionary<string, (int Index, FlowNode Node)> byId)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not { } node) continue;
            foreach (var (path, target) in Edges(node, i))
            {
                if (!byId.ContainsKey(target)) Error(path, $"'{target}' is not the id of any node.");
            }
        }
    }

    private void CheckReachable(List<FlowNode?> nodes, Dictionary<string, (int Index, FlowNode Node)> byId, string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var id))
        {
            var (index, node) = byId[id];
            foreach (var (_, target) in Edges(node, index))
            {
                if (byId.ContainsKey(target) && seen.Add(target)) queue.Enqueue(target);
            }
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is { } node && !seen.Contains(node.Id) && byId[node.Id].Index == i)
                Error($"nodes[{i}]", $"Node '{node.Id}' is unreachable: no path leads to it from start '{start}'.");
        }
    }

    /// <summary>
    /// A cycle made only of say/branch/function nodes would spin without ever waiting for the caller. Edges out of an
    /// <c>ask</c> are only taken after input, so they break a cycle.
    /// </summary>
    private void CheckLoopsWithoutInput(List<FlowNode?> nodes, Dictionary<string, (int Index, FlowNode Node)> byId)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the stack, 2 done
        var stack = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string id)
        {
            state[id] = 1;
            stack.Add(id);
            var (index, node) = byId[id];
            if (node.Kind != FlowNodeKind.Ask)
            {
                foreach (var (_, target) in Edges(node, index))
                {
                    if (!byId.TryGetValue(target, out var next) || next.Node.Kind == FlowNodeKind.Ask) continue;
                    var s = state.GetValueOrDefault(target);
                    if (s == 0) Visit(target);
                    else if (s == 1 && reported.Add(target))
                    {
                        var from = stack.IndexOf(target);
                        var loop = string.Join(" → ", stack.Skip(from).Append(target));
                        Error($"nodes[{next.Index}]",
                            $"The nodes {loop} form a loop with no ask node: the flow would run forever without waiting for the caller.");
                    }
                }
            }
            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is { } node && byId[node.Id].Index == i && !state.ContainsKey(node.Id)) Visit(node.Id);
        }
    }

    public static bool IsIdentifier(string name) => Identifier().IsMatch(name);

    public static bool IsNodeId(string id) => NodeId().IsMatch(id);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NodeId();
}
