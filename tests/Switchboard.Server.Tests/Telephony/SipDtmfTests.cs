using Switchboard.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using static Switchboard.Server.Tests.Telephony.DtmfTestKit;

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// Keypad over real SIP with a phone built on our own stack, for what baresip 1.0 cannot do: send a key as SIP INFO
/// (it only sends RFC 4733) or as an in-band tone, take the agent's keys without telephone-event (SIP INFO fallback),
/// and read the RFC 4733 events it receives one by one. Everything else is as the server runs: the API, the inbound router, the gateway.
/// </summary>
[Collection("sip-gateway")]
public sealed class SipDtmfTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sip_info_key_during_the_numbers_inbound_menu_lands_on_its_option()
    {
        var rtp = FreeEvenPortRange(10);
        await using var server = await StartServerAsync(rtp);
        var key = await server.CreateKeyAsync();
        var menuId = await CreateAsync(key, "/api/v1/ivr-menus", FrontMenu);
        var agentId = await CreateAsync(key, "/api/v1/agents", SupportAgent);
        await CreateNumberAsync(key, "4000", agentId, menuId);

        await using var phone = new SipPhone();
        await phone.DialAsync("4000", SipPort(server));
        await phone.Answered.WaitAsync(Long);
        // The menu's prompt is playing when the key goes out.
        Assert.True(await phone.WaitUntilAsync(() => phone.VoicedFrames > 25, Long), $"the phone heard {phone.VoicedFrames} voiced frames");
        Assert.Equal(200, await phone.PressInfoAsync('1'));
        await phone.Ended.WaitAsync(Long);

        var call = await WaitForEndedCallAsync(key);
        output.WriteLine(call["transcript"]!.ToJsonString());
        Assert.Equal("1", Digits(call, "user"));
        var said = AgentSaid(call);
        Assert.Contains("Sales is closed today.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Connecting you to support", said, StringComparison.Ordinal);
        Assert.DoesNotContain("support desk", said, StringComparison.Ordinal);
        var prompt = Entries(call, "utterance").First(e => (string?)e["role"] == "agent");
        Assert.True((bool?)prompt["interrupted"] == true, "the key did not cut the prompt: " + prompt.ToJsonString());
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);

        var session = await WaitForIvrSessionAsync(key, menuId);
        Assert.Equal("hung_up", (string?)session["outcome"]);
        Assert.Equal(["root:entered:", "root:selected:1"], Steps(session));
    }

    [Fact]
    public async Task An_in_band_key_from_a_phone_without_telephone_event_lands_on_the_menus_option()
    {
        var rtp = FreeEvenPortRange(10);
        await using var server = await StartServerAsync(rtp);
        var key = await server.CreateKeyAsync();
        var menuId = await CreateAsync(key, "/api/v1/ivr-menus", FrontMenu);
        var agentId = await CreateAsync(key, "/api/v1/agents", SupportAgent);
        await CreateNumberAsync(key, "6000", agentId, menuId);

        await using var phone = new SipPhone(telephoneEvents: false);
        await phone.DialAsync("6000", SipPort(server));
        await phone.Answered.WaitAsync(Long);
        Assert.False(phone.TelephoneEventsNegotiated);
        Assert.True(await phone.WaitUntilAsync(() => phone.VoicedFrames > 25, Long), $"the phone heard {phone.VoicedFrames} voiced frames");
        await phone.PressInBandAsync('2');
        await phone.Ended.WaitAsync(Long); // option 2 hands over to the agent, which says its line and hangs up

        var call = await WaitForEndedCallAsync(key);
        output.WriteLine(call["transcript"]!.ToJsonString());
        Assert.Equal("2", Digits(call, "user"));
        var said = AgentSaid(call);
        Assert.Contains("Connecting you to support.", said, StringComparison.Ordinal);
        Assert.Contains("This is the support desk.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Sales is closed", said, StringComparison.Ordinal);
        var session = await WaitForIvrSessionAsync(key, menuId);
        Assert.Equal("handed_over", (string?)session["outcome"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Press_digit_in_a_flow_reaches_the_phone_as_rfc_4733_or_else_as_sip_info(bool telephoneEvents)
    {
        var rtp = FreeEvenPortRange(10);
        await using var server = await StartServerAsync(rtp);
        var key = await server.CreateKeyAsync();
        var agentId = await CreateAsync(key, "/api/v1/agents", BaresipIvrTests.PressingAgent);
        await CreateNumberAsync(key, "5000", agentId);

        await using var phone = new SipPhone(telephoneEvents: telephoneEvents);
        await phone.DialAsync("5000", SipPort(server));
        await phone.Answered.WaitAsync(Long);
        await phone.Ended.WaitAsync(Long); // the flow says goodbye and hangs up after pressing

        Assert.Equal(telephoneEvents, phone.TelephoneEventsNegotiated);
        Assert.Equal(telephoneEvents ? "42#" : "", phone.RtpDigits);
        Assert.Equal(telephoneEvents ? "" : "42#", phone.InfoDigits);
        var call = await WaitForEndedCallAsync(key);
        Assert.Equal("42#", Digits(call, "agent"));
        Assert.Equal("agent_hangup", (string?)call["disconnection_reason"]);
    }
}
