using System.Text.Json;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.WebCalls;

/// <summary>Agents and calls for the web call tests.</summary>
internal static class WebCallAgents
{
    /// <summary>Greets, asks (voice or keypad), and says the choice back before hanging up.</summary>
    public const string Flow = """
        {"name":"Web line","response_engine":{"type":"flow","flow":{"start":"hello","nodes":[
          {"id":"hello","type":"say","text":"Hello, this is the web line.","next":"reason"},
          {"id":"reason","type":"ask","prompt":"Do you need a cleaning or a checkup?","variable":"reason","input":"both","max_digits":1,
           "choices":[{"value":"cleaning","synonyms":["clean"],"digit":"1"},{"value":"checkup","synonyms":["check up"],"digit":"2"}],
           "retries":3,"no_input_prompt":"Please say cleaning or checkup.","no_match_prompt":"Please say cleaning or checkup.",
           "next":"bye","on_failure":"bye"},
          {"id":"bye","type":"end","text":"You chose {{reason}}. Goodbye."}]}}}
        """;

    public static async Task<string> CreateAsync(TestKey key)
    {
        var response = await key.Client.PostJsonAsync("/api/v1/agents", Flow);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>POST /calls/web; returns the parsed 201 body.</summary>
    public static async Task<JsonElement> CreateCallAsync(TestKey key, string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calls/web")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await key.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
