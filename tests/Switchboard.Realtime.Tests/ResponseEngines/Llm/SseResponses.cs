using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

/// <summary>Scripted responses in the vendors' streaming wire formats.</summary>
internal static class SseResponses
{
    /// <summary>OpenAI chat completion chunks as <c>data: {...}</c> lines, then <c>data: [DONE]</c>.</summary>
    public static Func<HttpContext, Task> OpenAIStream(params JsonObject[] chunks) => async context =>
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var chunk in chunks) await WriteAsync(context, null, chunk.ToJsonString());
        await WriteAsync(context, null, "[DONE]");
    };

    /// <summary>Sends <paramref name="chunks"/> then stalls until the client hangs up (an interrupted or slow stream).</summary>
    public static Func<HttpContext, Task> OpenAIThenStall(params JsonObject[] chunks) => async context =>
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var chunk in chunks) await WriteAsync(context, null, chunk.ToJsonString());
        await StallAsync(context);
    };

    /// <summary>Anthropic Messages stream events: <c>event: type</c> + <c>data: {...}</c>.</summary>
    public static Func<HttpContext, Task> AnthropicStream(params JsonObject[] events) => async context =>
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var e in events) await WriteAsync(context, (string)e["type"]!, e.ToJsonString());
    };

    /// <summary>
    /// Sends <paramref name="chunks"/> then a corrupt chunk and ends: the stream breaks midway, deterministically after
    /// the client has consumed the good chunks (a dropped connection could also lose them in flight).
    /// </summary>
    public static Func<HttpContext, Task> OpenAIThenCorrupt(params JsonObject[] chunks) => async context =>
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var chunk in chunks) await WriteAsync(context, null, chunk.ToJsonString());
        await WriteAsync(context, null, "{\"choices\": [ {\"delta\": ");
    };

    public static Func<HttpContext, Task> Status(int status, string body) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    };

    /// <summary>Accepts the request and never answers until the client gives up.</summary>
    public static Func<HttpContext, Task> Silent() => StallAsync;

    private static async Task StallAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WriteAsync(HttpContext context, string? eventName, string data)
    {
        if (eventName is not null) await context.Response.WriteAsync($"event: {eventName}\n");
        await context.Response.WriteAsync($"data: {data}\n\n");
        await context.Response.Body.FlushAsync();
    }

    // ---- OpenAI chunk builders ----

    public static JsonObject OpenAIChunk(JsonObject delta, string? finishReason = null) => new()
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = "gpt-test",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    public static JsonObject OpenAIRole() => OpenAIChunk(new JsonObject { ["role"] = "assistant", ["content"] = "" });

    public static JsonObject OpenAIText(string text) => OpenAIChunk(new JsonObject { ["content"] = text });

    public static JsonObject OpenAIToolCallStart(int index, string id, string name) => OpenAIChunk(new JsonObject
    {
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["index"] = index, ["id"] = id, ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = "" },
        }),
    });

    public static JsonObject OpenAIToolCallArguments(int index, string fragment) => OpenAIChunk(new JsonObject
    {
        ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = fragment } }),
    });

    public static JsonObject OpenAIFinish(string reason) => OpenAIChunk(new JsonObject(), reason);

    public static JsonObject OpenAIUsage(int prompt, int completion, int cached) => new()
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = "gpt-test",
        ["choices"] = new JsonArray(),
        ["usage"] = new JsonObject
        {
            ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cached },
        },
    };

    /// <summary>A whole plain-text reply in OpenAI's format, one chunk per piece.</summary>
    public static Func<HttpContext, Task> OpenAIReply(params string[] pieces)
    {
        var chunks = new List<JsonObject> { OpenAIRole() };
        foreach (var piece in pieces) chunks.Add(OpenAIText(piece));
        chunks.Add(OpenAIFinish("stop"));
        chunks.Add(OpenAIUsage(100, 10, 0));
        return OpenAIStream([.. chunks]);
    }

    /// <summary>A single tool call in OpenAI's format, its arguments split across chunks.</summary>
    public static Func<HttpContext, Task> OpenAIToolCall(string id, string name, string argumentsJson)
    {
        var half = argumentsJson.Length / 2;
        return OpenAIStream(OpenAIRole(), OpenAIToolCallStart(0, id, name), OpenAIToolCallArguments(0, argumentsJson[..half]),
            OpenAIToolCallArguments(0, argumentsJson[half..]), OpenAIFinish("tool_calls"), OpenAIUsage(120, 12, 0));
    }

    // ---- Anthropic event builders ----

    public static JsonObject AnthropicMessageStart(int inputTokens, int cacheRead) => new()
    {
        ["type"] = "message_start",
        ["message"] = new JsonObject
        {
            ["id"] = "msg_test", ["type"] = "message", ["role"] = "assistant", ["content"] = new JsonArray(),
            ["model"] = "claude-test", ["stop_reason"] = null, ["stop_sequence"] = null,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = inputTokens, ["output_tokens"] = 1,
                ["cache_creation_input_tokens"] = 0, ["cache_read_input_tokens"] = cacheRead,
            },
        },
    };

    public static JsonObject AnthropicTextStart(int index) => new()
    {
        ["type"] = "content_block_start", ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
    };

    public static JsonObject AnthropicTextDelta(int index, string text) => new()
    {
        ["type"] = "content_block_delta", ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = text },
    };

    public static JsonObject AnthropicToolUseStart(int index, string id, string name) => new()
    {
        ["type"] = "content_block_start", ["index"] = index,
        ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = id, ["name"] = name, ["input"] = new JsonObject() },
    };

    public static JsonObject AnthropicInputJsonDelta(int index, string partialJson) => new()
    {
        ["type"] = "content_block_delta", ["index"] = index,
        ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = partialJson },
    };

    public static JsonObject AnthropicBlockStop(int index) => new() { ["type"] = "content_block_stop", ["index"] = index };

    public static JsonObject AnthropicMessageDelta(string stopReason, int outputTokens) => new()
    {
        ["type"] = "message_delta",
        ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
        ["usage"] = new JsonObject { ["output_tokens"] = outputTokens },
    };

    public static JsonObject AnthropicMessageStop() => new() { ["type"] = "message_stop" };

    public static JsonObject AnthropicPing() => new() { ["type"] = "ping" };

    /// <summary>The text of an OpenAI or Anthropic message <c>content</c>: a string or an array of text parts.</summary>
    public static string TextOf(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array) return "";
        var text = "";
        foreach (var part in content.EnumerateArray())
        {
            if (part.TryGetProperty("type", out var type) && type.GetString() == "text") text += part.GetProperty("text").GetString();
        }
        return text;
    }
}
