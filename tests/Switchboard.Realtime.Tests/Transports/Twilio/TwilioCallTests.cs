using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Tests.Sessions;

namespace Switchboard.Realtime.Tests.Transports.Twilio;

/// <summary>Whole calls over the Media Streams protocol with the offline speech engines.</summary>
[Collection("calls")]
public sealed class TwilioCallTests
{
    private static AgentDefinition Agent(double sensitivity = 0.5) =>
        new() { Id = "agent_test", Engine = ResponseEngineKind.Flow, ReminderAfterMs = null, InterruptionSensitivity = sensitivity };

    [NativeFact]
    public async Task The_greeting_streams_as_mu_law_media_with_marks_and_the_caller_barging_in_gets_a_clear_then_stop_ends_the_call()
    {
        const string speech = "Our office is open from Monday to Friday. We offer cleanings, checkups, fillings and crowns. " +
            "Parking is available behind the building. Please arrive ten minutes early for your first visit. " +
            "New patients should bring their insurance card and a list of the medicines they take every day.";
        var engine = new ScriptedEngine(speech, _ => [new TextDelta("Okay.")]);
        await using var call = await TwilioCallHarness.StartAsync(Agent(1.0), engine);

        Assert.True(await call.Peer.WaitUntilAsync(() => call.Peer.Count("media") > 100, TimeSpan.FromSeconds(30)), "the greeting never streamed");
        Assert.True(call.Channel.FramesPlayed > 0, "no mark came back for audio the caller heard");
        // Like a real caller, keep talking until the agent stops: on a loaded machine the recogniser may miss the first try.
        var wasInterrupted = () => !engine.HeardLog.IsEmpty && call.Peer.Count("clear") >= 1;
        for (var attempt = 0; attempt < 3 && engine.HeardLog.IsEmpty; attempt++)
        {
            await call.SayAsync("stop please i have a question");
            await call.Peer.WaitUntilAsync(wasInterrupted, TimeSpan.FromSeconds(3));
        }
        Assert.True(await call.Peer.WaitUntilAsync(wasInterrupted, TimeSpan.FromSeconds(30)),
            $"the agent was never interrupted ({call.Peer.Count("media")} frames sent, {call.Channel.DroppedFrames} caller frames dropped, heard {engine.HeardLog.Count})");

        var (heard, interrupted) = engine.HeardLog.First();
        Assert.True(interrupted);
        Assert.StartsWith("Our office is open", heard);
        Assert.True(heard.Length < speech.Length - 40, $"heard '{heard}' is nearly everything");

        var messages = call.Peer.Received;
        Assert.All(messages.Where(m => m.Event == "media"), m =>
        {
            Assert.Equal(160, m.Payload!.Length);
            Assert.Equal(call.Peer.StreamId, m.StreamId);
        });
        var clear = messages.ToList().FindIndex(m => m.Event == "clear");
        var marks = messages.Take(clear).Where(m => m.Event == "mark").Select(m => long.Parse(m.MarkName!)).ToList();
        Assert.True(marks.Count >= 10, $"only {marks.Count} marks before the clear");
        Assert.Equal(marks.Order(), marks);
        Assert.Equal(marks.Count, marks.Distinct().Count());

        await call.StopPumpAsync();
        await call.Peer.SendStopAsync();
        Assert.Equal("user_hangup", await call.Run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("user_hangup", call.Observer.Of<CallEnded>().Single().Reason);
    }

    [NativeFact]
    public async Task Keypad_digits_from_dtmf_messages_reach_the_engine_and_its_answer_streams_back()
    {
        var engine = new ScriptedEngine(null, turn => [new TextDelta($"Got {turn.Digits}.")]);
        await using var call = await TwilioCallHarness.StartAsync(Agent(), engine);
        await call.Peer.SendDtmfAsync('4');
        await call.Peer.SendDtmfAsync('2');
        await call.Peer.SendDtmfAsync('#');

        Assert.True(await call.Peer.WaitUntilAsync(() => call.Peer.Count("media") > 10, TimeSpan.FromSeconds(30)), "no answer to the digits");
        Assert.Equal("42", Assert.Single(engine.Turns).Digits);
        Assert.Contains(call.Observer.Of<DigitEvent>(), d => d.Received && d.Digits == "4");
    }
}
