using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Switchboard.Realtime.ResponseEngines.Flow.Input;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// Picks a <c>branch</c> node's edge: the first condition that holds, else <c>default</c>. Comparisons ignore case
/// because values often come from speech. An <c>llm_condition</c> asks the chat client a yes/no question; a failing
/// model counts as "no" so the flow still moves on.
/// </summary>
internal sealed class FlowBranchEvaluator(IChatClient? chat)
{
    private const string Instructions =
        "You judge one condition about a phone call for an automated receptionist. Answer with exactly one word: yes or no.";

    public async ValueTask<BranchDecision> DecideAsync(
        FlowNode branch, IReadOnlyDictionary<string, string> variables, string lastText, string lastDigits, CancellationToken cancellationToken)
    {
        List<LlmUsage>? usage = null;
        for (var i = 0; i < branch.Conditions.Count; i++)
        {
            var condition = branch.Conditions[i];
            bool holds;
            if (condition.Kind == FlowConditionKind.Llm)
            {
                var (answer, used) = await AskModelAsync(condition.Operand!, variables, lastText, cancellationToken);
                if (used is not null) (usage ??= []).Add(used);
                holds = answer;
            }
            else holds = Holds(condition, variables, lastText, lastDigits);
            if (holds) return new BranchDecision(condition.Next, $"condition {i}", usage ?? (IReadOnlyList<LlmUsage>)[]);
        }
        return new BranchDecision(branch.Default!, "default", usage ?? (IReadOnlyList<LlmUsage>)[]);
    }

    internal static bool Holds(FlowCondition condition, IReadOnlyDictionary<string, string> variables, string lastText, string lastDigits)
    {
        var value = condition.Variable is { } name && variables.TryGetValue(name, out var v) ? v : null;
        switch (condition.Kind)
        {
            case FlowConditionKind.Equals:
                return value is not null && string.Equals(value.Trim(), condition.Operand!.Trim(), StringComparison.OrdinalIgnoreCase);
            case FlowConditionKind.Contains:
                return value is not null && value.Contains(condition.Operand!, StringComparison.OrdinalIgnoreCase);
            case FlowConditionKind.Regex:
                try
                {
                    return value is not null && condition.Pattern!.IsMatch(value);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }
            case FlowConditionKind.In:
                if (value is null) return false;
                foreach (var candidate in condition.Values)
                {
                    if (string.Equals(value.Trim(), candidate.Trim(), StringComparison.OrdinalIgnoreCase)) return true;
                }
                return false;
            case FlowConditionKind.Exists:
                return !string.IsNullOrEmpty(value) == condition.ShouldExist;
            case FlowConditionKind.Digits:
                return lastDigits == condition.Operand;
            case FlowConditionKind.Keywords:
                return SpokenText.ContainsAny(SpokenText.Words(lastText), condition.Values);
            default:
                return false;
        }
    }

    private async ValueTask<(bool Answer, LlmUsage? Usage)> AskModelAsync(
        string question, IReadOnlyDictionary<string, string> variables, string lastText, CancellationToken cancellationToken)
    {
        if (chat is null) return (false, null);
        var facts = new StringBuilder();
        foreach (var (name, value) in variables) facts.Append(name).Append(" = ").Append(value).Append('\n');
        List<ChatMessage> messages =
        [
            new(ChatRole.System, Instructions),
            new(ChatRole.User, $"Condition: {question}\nThe caller's last words: \"{lastText}\"\nKnown details:\n{facts}Does the condition hold?"),
        ];
        try
        {
            var response = await chat.GetResponseAsync(messages, new ChatOptions { Temperature = 0, MaxOutputTokens = 5 }, cancellationToken);
            var usage = response.Usage is { } u
                ? new LlmUsage(response.ModelId ?? "", u.InputTokenCount ?? 0, u.OutputTokenCount ?? 0, u.CachedInputTokenCount ?? 0, null)
                : null;
            var words = SpokenText.Words(response.Text);
            return (words.Length > 0 && words[0] == "yes", usage);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (false, null);
        }
    }
}
