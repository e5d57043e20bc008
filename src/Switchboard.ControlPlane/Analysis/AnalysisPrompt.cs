using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.ControlPlane.Agents;
using Switchboard.ControlPlane.Calls;

namespace Switchboard.ControlPlane.Analysis;

/// <summary>The request for one analysis: instructions with the schema, then the transcript. Stateless, thread-safe.</summary>
internal static class AnalysisPrompt
{
    public static List<ChatMessage> Messages(IReadOnlyList<PostCallAnalysisField> fields, JsonElement schema,
        IReadOnlyList<TranscriptEntry> utterances, int maxTranscriptChars)
    {
        var instructions = new StringBuilder()
            .AppendLine("You analyse a finished phone call between an AI voice agent and a caller.")
            .AppendLine("Answer with one JSON object and nothing else, matching this JSON Schema:")
            .AppendLine(schema.GetRawText())
            .AppendLine("\"summary\" says what happened on the call in one to three sentences.")
            .AppendLine("\"fields\" has every field below; use null when the call does not settle a field. Never guess.");
        foreach (var f in fields)
        {
            instructions.Append("- ").Append(f.Name).Append(" (").Append(f.Type);
            if (f.Type == "enum") instructions.Append(": ").Append(string.Join(" | ", f.Choices ?? []));
            instructions.Append(')');
            if (!string.IsNullOrEmpty(f.Description)) instructions.Append(": ").Append(f.Description);
            instructions.AppendLine();
        }
        return [new ChatMessage(ChatRole.System, instructions.ToString()), new ChatMessage(ChatRole.User, Transcript(utterances, maxTranscriptChars))];
    }

    /// <summary>One line per utterance; a long call keeps its end, where outcomes are usually settled.</summary>
    private static string Transcript(IReadOnlyList<TranscriptEntry> utterances, int maxChars)
    {
        var text = new StringBuilder("Transcript:\n");
        foreach (var u in utterances)
        {
            text.Append(u.Role == "agent" ? "Agent: " : "Caller: ").Append(u.Text);
            if (u.Interrupted == true) text.Append(" [interrupted]");
            text.Append('\n');
        }
        if (text.Length <= maxChars) return text.ToString();
        return "Transcript (its beginning is cut):\n…" + text.ToString(text.Length - maxChars, maxChars);
    }
}
