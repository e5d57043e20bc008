using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>How the OpenAPI document test provokes <c>POST /api/v1/calls/phone</c>'s 409 and 503.</summary>
internal static class PhoneCallProvocations
{
    /// <summary>SIP on a free loopback port, so phone calls can be placed (to addresses where nothing answers).</summary>
    public static readonly Dictionary<string, string?> SipOnAnyPort = new()
    {
        ["Sip:Enabled"] = "true",
        ["Sip:BindAddress"] = "127.0.0.1",
        ["Sip:Port"] = "0",
        ["Sip:RtpPortRange"] = "47900-47949",
    };

    /// <summary>The same Idempotency-Key with a different body.</summary>
    public static async Task<HttpResponseMessage> IdempotencyConflictAsync(TestKey owner, ApiRoute route)
    {
        var (number, agentId) = await NumberAsync(owner);
        HttpRequestMessage Request(string to)
        {
            var request = route.Request(body: $$"""{"from_number":"{{number}}","to_number":"{{to}}","agent_id":"{{agentId}}","ring_timeout_seconds":5}""");
            request.Headers.Add("Idempotency-Key", "conflict-key");
            return request;
        }
        var first = await owner.Client.SendAsync(Request("sip:a@127.0.0.1:5097"));
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        return await owner.Client.SendAsync(Request("sip:b@127.0.0.1:5097"));
    }

    /// <summary>A server whose SIP is off cannot place calls: 503.</summary>
    public static async Task<HttpResponseMessage> UnavailableAsync(ApiRoute route)
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite);
        var owner = await server.CreateKeyAsync();
        var (number, agentId) = await NumberAsync(owner);
        // The content is buffered by HttpClient, so it stays readable after this server is gone.
        return await owner.Client.SendAsync(route.Request(body: $$"""{"from_number":"{{number}}","to_number":"sip:a@127.0.0.1:5097","agent_id":"{{agentId}}"}"""));
    }

    private static async Task<(string Number, string AgentId)> NumberAsync(TestKey owner)
    {
        var agentId = await owner.Client.CreateAgentAsync();
        var number = "8" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var created = await owner.Client.PostJsonAsync("/api/v1/phone-numbers", $$"""{"number":"{{number}}","inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""");
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (number, agentId);
    }
}
