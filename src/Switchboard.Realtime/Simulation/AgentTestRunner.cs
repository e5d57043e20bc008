using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Simulation;

/// <summary>Runs agent tests as text conversations and checks each expectation, collecting every failure rather than stopping at the first.</summary>
public static class AgentTestRunner
{
    /// <summary>Runs <paramref name="test"/> against a fresh engine from <paramref name="createEngine"/> (given the test's variables).</summary>
    public static async Task<AgentTestResult> RunAsync(AgentTestCase test, Func<IReadOnlyDictionary<string, string>, IResponseEngine> createEngine,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(createEngine);
        var failures = new List<string>();
        var transcript = new List<string>();
        IResponseEngine engine;
        try
        {
            engine = createEngine(test.Variables ?? new Dictionary<string, string>());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return new AgentTestResult(test.Name, [$"the agent could not start: {e.Message}"], transcript);
        }

        await using (engine.ConfigureAwait(false))
        {
            var conversation = new TextConversation(engine);
            var reply = await conversation.StartAsync(cancellationToken).ConfigureAwait(false);
            Describe(transcript, reply);
            if (test.Greeting is { } greeting) Check("greeting", greeting, reply, conversation, failures);

            for (var i = 0; i < test.Turns.Count; i++)
            {
                var turn = test.Turns[i];
                var label = $"turn {i + 1}";
                if (conversation.Ended)
                {
                    failures.Add($"{label}: the call had already ended");
                    break;
                }
                if (turn.NoInput)
                {
                    transcript.Add("caller: (silence)");
                    reply = await conversation.NoInputAsync(1, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var user = new UserTurn(turn.User ?? "", turn.Digits ?? "");
                    transcript.Add("caller: " + (user.Digits.Length > 0 ? $"{user.Text} [keypad {user.Digits}]".Trim() : user.Text));
                    reply = await conversation.SendAsync(user, cancellationToken).ConfigureAwait(false);
                }
                Describe(transcript, reply);
                if (turn.Expect is { } expect) Check(label, expect, reply, conversation, failures);
            }
        }
        return new AgentTestResult(test.Name, failures, transcript);
    }

    /// <summary>Human-readable lines for one reply: speech, tool calls, node moves and actions.</summary>
    public static void Describe(List<string> lines, ConversationReply reply)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(reply);
        foreach (var node in reply.Nodes) lines.Add($"  [node] {node.FromNodeId ?? "(start)"} -> {node.NodeId}");
        foreach (var tool in reply.ToolCalls)
        {
            reply.ToolArguments.TryGetValue(tool.IdempotencyKey, out var arguments);
            lines.Add($"  [tool] {tool.Name}({arguments ?? "{}"}) -> {(tool.IsError ? "error: " : "")}{tool.Result}");
        }
        foreach (var (key, value) in reply.Variables) lines.Add($"  [var] {key} = {value}");
        if (reply.Text.Length > 0) lines.Add("agent: " + reply.Text.Trim());
        foreach (var action in reply.Actions) lines.Add($"  [{action.Kind}] {action.Argument}".TrimEnd());
        foreach (var failure in reply.Failures) lines.Add($"  [failed] {failure.Code}: {failure.Message}");
    }

    private static void Check(string label, AgentTestExpectation expect, ConversationReply reply, TextConversation conversation, List<string> failures)
    {
        void Fail(string message) => failures.Add($"{label}: {message}");
        var text = reply.Text;
        foreach (var phrase in expect.ReplyContains ?? [])
            if (!text.Contains(phrase, StringComparison.OrdinalIgnoreCase)) Fail($"reply does not contain \"{phrase}\" (reply: \"{text.Trim()}\")");
        foreach (var phrase in expect.ReplyNotContains ?? [])
            if (text.Contains(phrase, StringComparison.OrdinalIgnoreCase)) Fail($"reply contains \"{phrase}\" (reply: \"{text.Trim()}\")");
        if (expect.ReplyMatches is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)))
            Fail($"reply does not match /{pattern}/ (reply: \"{text.Trim()}\")");

        foreach (var expected in expect.ToolCalled ?? [])
        {
            var calls = reply.ToolCalls.Where(t => t.Name == expected.Name).ToList();
            if (calls.Count == 0)
            {
                Fail($"tool {expected.Name} was not called (called: {string.Join(", ", reply.ToolCalls.Select(t => t.Name).DefaultIfEmpty("none"))})");
                continue;
            }
            if (expected.Arguments is { ValueKind: JsonValueKind.Object } wanted
                && !calls.Any(c => reply.ToolArguments.TryGetValue(c.IdempotencyKey, out var actual) && Includes(actual, wanted)))
            {
                Fail($"tool {expected.Name} was not called with arguments including {wanted.GetRawText()}");
            }
        }
        if (expect.NoToolCalled == true && reply.ToolCalls.Count > 0) Fail($"tools were called: {string.Join(", ", reply.ToolCalls.Select(t => t.Name))}");
        if (expect.ReachedNode is { } node && conversation.CurrentNode != node) Fail($"conversation is in node {conversation.CurrentNode ?? "(none)"}, not {node}");
        foreach (var (key, value) in expect.Variables ?? new Dictionary<string, string>())
        {
            if (!conversation.Variables.TryGetValue(key, out var actual)) Fail($"variable {key} is not set");
            else if (!string.Equals(actual, value, StringComparison.OrdinalIgnoreCase)) Fail($"variable {key} is \"{actual}\", not \"{value}\"");
        }
        if (expect.CallEnded is { } ended && conversation.Ended != ended) Fail(ended ? "the call did not end" : "the call ended");
        if (expect.TransferredTo is { } target && !reply.Actions.Any(a => a.Kind == CallActionKind.Transfer && a.Argument == target))
            Fail($"the call was not transferred to {target}");
        if (expect.DigitsPressed is { } digits && !reply.Actions.Any(a => a.Kind == CallActionKind.PressDigits && a.Argument == digits))
            Fail($"digits {digits} were not pressed");
    }

    /// <summary>True when every property of <paramref name="wanted"/> is in the actual arguments with an equal value.</summary>
    private static bool Includes(string actualJson, JsonElement wanted)
    {
        try
        {
            using var actual = JsonDocument.Parse(actualJson);
            if (actual.RootElement.ValueKind != JsonValueKind.Object) return false;
            foreach (var property in wanted.EnumerateObject())
            {
                if (!actual.RootElement.TryGetProperty(property.Name, out var value) || !JsonElement.DeepEquals(value, property.Value)) return false;
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
