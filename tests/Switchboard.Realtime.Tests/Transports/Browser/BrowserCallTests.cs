using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.Realtime.Tests.Transports.Browser;

/// <summary>Whole calls over the browser transport with a real session and the offline speech engines.</summary>
[Collection("calls")]
public sealed class BrowserCallTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private const string Flow = """
        {
          "start": "hello",
          "nodes": [
            { "id": "hello", "type": "say", "text": "Hello, this is the web line.", "next": "reason" },
            { "id": "reason", "type": "ask", "prompt": "Do you need a cleaning or a checkup?", "variable": "reason", "input": "both",
              "max_digits": 1,
              "choices": [ { "value": "cleaning", "synonyms": ["clean"], "digit": "1" }, { "value": "checkup", "synonyms": ["check up"], "digit": "2" } ],
              "retries": 1, "no_input_prompt": "Please say cleaning or checkup.", "no_match_prompt": "Please say cleaning or checkup.",
              "next": "bye", "on_failure": "bye" },
            { "id": "bye", "type": "end", "text": "You chose {{reason}}. Goodbye." }
          ]
        }
        """;

    [NativeFact]
    public async Task A_spoken_turn_from_the_page_is_answered_and_the_page_sees_talking_transcripts_and_the_end()
    {
        await using var call = new BrowserCall(Flow);
        var client = call.Client;
        Assert.True(await client.WaitForEventAsync("transcript", Long, m => m.Str("role") == "agent"), "the greeting never finished");
        Assert.Contains("web line", client.Events.First(e => e.Type == "transcript").Str("text"));

        // The page speaks, then falls silent: the channel's clock must carry the silence that ends the turn.
        await call.SayAsync("i would like a cleaning please");
        Assert.True(await client.WaitForEventAsync("call_ended", Long), "the agent never answered and hung up");
        Assert.Equal("agent_hangup", await call.Run.WaitAsync(Long));
        await client.Closed.WaitAsync(Long);

        var transcripts = client.Events.Where(e => e.Type == "transcript").Select(e => (Role: e.Str("role"), Text: e.Str("text")!)).ToList();
        Assert.Equal(["agent", "user", "agent"], transcripts.Select(t => t.Role));
        Assert.Contains("cleaning", transcripts[1].Text);
        Assert.Equal("You chose cleaning. Goodbye.", transcripts[2].Text);

        var types = client.EventTypes;
        Assert.Equal("call_started", types[0]);
        Assert.Equal("call_ended", types[^1]);
        Assert.Equal("agent_hangup", client.Events[^1].Str("reason"));
        Assert.Equal(types.Count(t => t == "agent_start_talking"), types.Count(t => t == "agent_stop_talking"));
        Assert.True(types.Count(t => t == "agent_start_talking") >= 2, string.Join(",", types));

        var messages = client.Messages;
        var firstAudible = messages.ToList().FindIndex(m => m.IsAudible);
        var firstStart = messages.ToList().FindIndex(m => m.Type == "agent_start_talking");
        Assert.True(firstStart >= 0 && firstStart < firstAudible, "agent_start_talking must precede the agent's first audible frame");
        Assert.True(messages.Count(m => m.Audio is not null) > 100, "too little agent audio for two answers");
        Assert.All(messages.Where(m => m.Audio is not null), m => Assert.Equal(320, m.Audio!.Length));
    }

    [NativeFact]
    public async Task A_keypad_press_from_the_page_picks_the_option()
    {
        await using var call = new BrowserCall(Flow);
        Assert.True(await call.Client.WaitForEventAsync("agent_stop_talking", Long), "the greeting never finished");
        await call.Client.SendJsonAsync("""{"type":"dtmf","digit":"2"}""");
        Assert.True(await call.Client.WaitForEventAsync("call_ended", Long));
        Assert.Equal("agent_hangup", await call.Run.WaitAsync(Long));
        Assert.Contains(call.Observer.Of<DigitEvent>(), d => d.Received && d.Digits == "2");
        Assert.Contains(call.Client.Events, e => e.Type == "transcript" && e.Str("text") == "You chose checkup. Goodbye.");
    }

    [NativeFact]
    public async Task The_page_closing_its_socket_mid_greeting_is_a_user_hangup()
    {
        await using var call = new BrowserCall(Flow);
        Assert.True(await call.Client.WaitForEventAsync("agent_start_talking", Long));
        await call.Client.CloseAsync();
        Assert.Equal("user_hangup", await call.Run.WaitAsync(Long));
        var ended = Assert.IsType<CallEnded>(call.Observer.Events.Last());
        Assert.Equal("user_hangup", ended.Reason);
        await call.Client.Closed.WaitAsync(Long);
        Assert.DoesNotContain("call_ended", call.Client.EventTypes);
    }
}
