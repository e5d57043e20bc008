using System.Globalization;
using Switchboard.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using static Switchboard.Server.Tests.Telephony.DtmfTestKit;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// Keypad over real SIP with a real phone: baresip calls the server and presses keys (RFC 4733 telephone-events) during
/// an IVR menu's prompt, and receives the keys an agent presses. Menus, agents and numbers go through the API; the call
/// record (transcript: dtmf entries, node transitions, what the agent said) shows where the caller landed.
/// </summary>
[Collection("sip-gateway")]
public sealed class BaresipIvrTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Baresip_presses_2_in_a_numbers_inbound_menu_and_lands_with_the_agent_behind_it()
    {
        if (!BaresipPeer.Available(output)) return;
        var rtp = FreeEvenPortRange(20);
        await using var server = await StartServerAsync(rtp);
        var key = await server.CreateKeyAsync();
        var menuId = await CreateAsync(key, "/api/v1/ivr-menus", FrontMenu);
        var agentId = await CreateAsync(key, "/api/v1/agents", SupportAgent);
        await CreateNumberAsync(key, "1000", agentId, menuId);

        var heard = await CallAsync(server, rtp, "1000", ["2"]);

        var call = await WaitForEndedCallAsync(key);
        output.WriteLine(call["transcript"]!.ToJsonString());
        Assert.Equal("", heard);
        Assert.Equal("2", Digits(call, "user"));
        var said = AgentSaid(call);
        // The first try counted: no re-prompt. (Whether the key cut the prompt short depends on how far the machine had
        // got with it three seconds in; SipDtmfTests presses while the prompt is audibly playing and checks the cut.)
        Assert.DoesNotContain("Sorry", said, StringComparison.Ordinal);
        var prompt = Entries(call, "utterance").First(e => (string?)e["role"] == "agent");
        Assert.StartsWith((string?)prompt["text"] ?? "", "Welcome to the test line. For sales press one. For support press two.", StringComparison.Ordinal);
        Assert.Contains("Connecting you to support.", said, StringComparison.Ordinal);
        Assert.Contains("This is the support desk.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Sales is closed", said, StringComparison.Ordinal);
        var nodes = Nodes(call);
        Assert.Contains("root", nodes);
        Assert.Contains("desk", nodes);
        Assert.True(nodes.IndexOf("root") < nodes.IndexOf("desk"), "the menu ran before the agent: " + string.Join(", ", nodes));
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);
        Assert.Equal(agentId, (string?)call["agent_id"]);

        var session = await WaitForIvrSessionAsync(key, menuId);
        Assert.Equal((string?)call["id"], (string?)session["call_id"]);
        Assert.Equal("handed_over", (string?)session["outcome"]);
        Assert.Equal(["root:entered:", "root:selected:2"], Steps(session));
    }

    [Fact]
    public async Task Baresip_walks_an_ivr_agents_submenu_with_2_then_1_and_hears_the_billing_message()
    {
        if (!BaresipPeer.Available(output)) return;
        var rtp = FreeEvenPortRange(20);
        await using var server = await StartServerAsync(rtp);
        var key = await server.CreateKeyAsync();
        var menuId = await CreateAsync(key, "/api/v1/ivr-menus", """
            {"name":"Main","definition":{
              "prompt":"Main menu. To hang up press one. For support press two.","timeout_ms":20000,"max_retries":1,
              "options":[
                {"digit":"1","action":{"type":"hangup","text":"Goodbye."}},
                {"digit":"2","action":{"type":"submenu","menu":{
                  "prompt":"Support. For billing press one. For a technician press two.",
                  "options":[
                    {"digit":"1","action":{"type":"message","text":"Billing is open on weekdays.","then":"hangup"}},
                    {"digit":"2","action":{"type":"message","text":"Technicians are busy.","then":"hangup"}}]}}}]}}
            """);
        var agentId = await CreateAsync(key, "/api/v1/agents",
            $$$"""{"name":"Menu line","response_engine":{"type":"ivr","ivr_menu_id":"{{{menuId}}}"}}""");
        await CreateNumberAsync(key, "2000", agentId);

        await CallAsync(server, rtp, "2000", ["2", "1"]);

        var call = await WaitForEndedCallAsync(key);
        output.WriteLine(call["transcript"]!.ToJsonString());
        Assert.Equal("21", Digits(call, "user"));
        var nodes = Nodes(call);
        Assert.Equal("root", nodes.FirstOrDefault());
        Assert.Contains("root/2", nodes);
        var said = AgentSaid(call);
        Assert.Contains("Billing is open on weekdays.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Technicians are busy", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Goodbye", said, StringComparison.Ordinal);
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);

        var session = await WaitForIvrSessionAsync(key, menuId);
        Assert.Equal((string?)call["id"], (string?)session["call_id"]);
        Assert.Equal("hung_up", (string?)session["outcome"]);
        Assert.Equal(["root:entered:", "root:selected:2", "root/2:entered:", "root/2:selected:1"], Steps(session));
    }

    [Fact]
    public async Task A_flow_presses_digits_with_press_digit_and_baresip_receives_them_as_rfc_4733()
    {
        if (!BaresipPeer.Available(output)) return;
        var rtp = FreeEvenPortRange(20);
        await using var server = await StartServerAsync(rtp);
        var key = await server.CreateKeyAsync();
        var agentId = await CreateAsync(key, "/api/v1/agents", PressingAgent);
        await CreateNumberAsync(key, "3000", agentId);

        var heard = await CallAsync(server, rtp, "3000", []);

        Assert.Equal("42#", heard);
        var call = await WaitForEndedCallAsync(key);
        output.WriteLine(call["transcript"]!.ToJsonString());
        Assert.Equal("42#", Digits(call, "agent"));
        Assert.Equal("", Digits(call, "user"));
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);
    }

    /// <summary>Says a line, presses 4 2 # with the press_digit tool, then says goodbye and hangs up.</summary>
    internal const string PressingAgent = """
        {"name":"Presser","response_engine":{"type":"flow","flow":{"start":"hi","nodes":[
          {"id":"hi","type":"say","text":"Dialing the extension.","next":"press"},
          {"id":"press","type":"function","tool":"press_digit","arguments":{"digits":"42#"},"next":"bye"},
          {"id":"bye","type":"end","text":"I have pressed the extension number for you. Goodbye."}]}}}
        """;

    /// <summary>
    /// baresip dials <paramref name="number"/>, presses each of <paramref name="presses"/> a moment after the call is up
    /// (inside the prompt, which lasts seconds) and stays on until the server hangs up; returns the digits it received.
    /// </summary>
    private async Task<string> CallAsync(TestServerInstance server, int rtp, string number, string[] presses)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(55));
        await using var phone = await BaresipPeer.StartAsync(Silence(45), rtp + 10, rtp + 19, TimeSpan.FromSeconds(60), guard.Token);
        try
        {
            await phone.DialAsync($"sip:{number}@127.0.0.1:{SipPort(server).ToString(CultureInfo.InvariantCulture)}", guard.Token);
            foreach (var digit in presses)
            {
                // Into the prompt (seconds of speech) rather than before its first word: the server answers first and
                // starts the call's engine a moment later. Keys before the prompt work too (CallSessionTests).
                await Task.Delay(TimeSpan.FromSeconds(3), guard.Token);
                await phone.PressAsync(digit, guard.Token);
            }
            var received = await phone.WaitForCloseAsync(guard.Token);
            output.WriteLine(phone.Output);
            return received;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("baresip did not get through the call; control messages:\n" + string.Join("\n", phone.Control.Seen) + "\n" + phone.Output);
            throw;
        }
    }
}
