using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Server.Tests.Infrastructure;

internal static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, string json) =>
        client.PatchAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    /// <summary>Asserts a problem+json response with the given status and code, and returns it.</summary>
    public static async Task<JsonNode> ProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(body)!;
        Assert.Equal(code, (string?)json["code"]);
        Assert.Equal(status, (int?)json["status"]);
        Assert.False(string.IsNullOrEmpty((string?)json["request_id"]));
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return json;
    }

    public static async Task<string> CreateAgentAsync(this HttpClient client, string name = "Test agent")
    {
        var response = await client.PostJsonAsync("/api/v1/agents",
            JsonSerializer.Serialize(new { name, response_engine = new { type = "llm", model = "gpt-4o-mini", system_prompt = "Be brief." } }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    public static async Task<string> CreateWebhookAsync(this HttpClient client, string url = "https://example.com/hook", string? extraJson = null)
    {
        var response = await client.PostJsonAsync("/api/v1/webhooks", "{\"url\":" + JsonSerializer.Serialize(url) + (extraJson is null ? "" : "," + extraJson) + "}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    /// <summary>Creates an agent from its JSON body and returns its id.</summary>
    public static async Task<string> CreateAgentFromJsonAsync(this HttpClient client, string json)
    {
        var response = await client.PostJsonAsync("/api/v1/agents", json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    /// <summary>The id of the organization's newest call, once the recorder has stored its start (bounded wait).</summary>
    public static async Task<string> WaitForFirstCallIdAsync(this HttpClient client)
    {
        for (var i = 0; i < 300; i++)
        {
            var list = await client.GetFromJsonAsync<JsonNode>("/api/v1/calls");
            if (list!["data"]!.AsArray().FirstOrDefault() is { } row) return (string)row["id"]!;
            await Task.Delay(100);
        }
        throw new TimeoutException("No call was recorded.");
    }

    /// <summary>
    /// The call once its record says ended. The recorder writes off the call's path in batches, so the end lands a
    /// little after the call ends; bounded at about a minute.
    /// </summary>
    public static async Task<JsonNode> WaitForCallEndedAsync(this HttpClient client, string callId)
    {
        for (var i = 0; i < 600; i++)
        {
            var call = await (await client.GetAsync($"/api/v1/calls/{callId}")).JsonAsync();
            if ((string?)call["status"] == "ended") return call;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Call {callId} was not recorded as ended.");
    }

    public static Task<T?> ReadAsync<T>(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>();
}
