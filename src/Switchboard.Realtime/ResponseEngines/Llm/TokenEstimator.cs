using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>
/// A tokenizer-free estimate: one token per four characters (rounded up) plus a small per-message overhead. English
/// text runs at about four characters per token with OpenAI's and Anthropic's tokenizers; the budget is a safety margin
/// against the context limit, not a bill, so being a little off costs nothing while a real tokenizer per provider
/// would cost a dependency and time on every turn.
/// </summary>
internal static class TokenEstimator
{
    /// <summary>Role markers and message framing, roughly what the chat formats add per message.</summary>
    public const int PerMessageOverhead = 4;

    public static int Estimate(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 3) / 4;

    public static int Estimate(ChatMessage message)
    {
        var tokens = PerMessageOverhead;
        foreach (var content in message.Contents)
        {
            tokens += content switch
            {
                TextContent text => Estimate(text.Text),
                FunctionCallContent call => Estimate(call.Name) + Estimate(call.Arguments is null ? null : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions)),
                FunctionResultContent result => Estimate(result.Result?.ToString()),
                _ => 0,
            };
        }
        return tokens;
    }

    public static int Estimate(AIFunctionDeclaration tool) =>
        Estimate(tool.Name) + Estimate(tool.Description) + Estimate(tool.JsonSchema.GetRawText());
}
