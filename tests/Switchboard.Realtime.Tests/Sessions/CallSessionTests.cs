using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Transports;

namespace Switchboard.Realtime.Tests.Sessions;

[Collection("calls")]
public sealed class CallSessionTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [NativeFact]
    public async Task The_agent_greets_hears_a_spoken_turn_and_answers_it_with_a_latency_waterfall()
    {
        var engine = new ScriptedEngine("Hello, this is the test line.", turn => [new TextDelta($"You said {turn.Text}.")]);
        await using var call = new CallHarness(CallHarness.Agent(), engine);

        Assert.True(await call.ListenToAgentAsync(Long), "the greeting was never played");
        var greetingFrames = call.AgentFrames;
        await call.SayAsync("i would like a cleaning appointment");
        Assert.True(await call.SilenceUntilAsync(() => call.AgentFrames > greetingFrames + 10, Long), "no answer to the caller's turn");
        Assert.True(await call.ListenToAgentAsync(Long));

        var turn = Assert.Single(engine.Turns);
        Assert.True(turn.Text.Contains("cleaning") || turn.Text.Contains("appointment"), $"heard '{turn.Text}'");
        Assert.Equal(2, engine.HeardLog.Count);
        Assert.All(engine.HeardLog, h => Assert.False(h.Interrupted));
        Assert.StartsWith("You said", engine.HeardLog.Last().Text);

        await call.Channel.CallerHangUpAsync("done", call.Token);
        Assert.Equal("user_hangup", await call.Run);
        var events = call.Observer;
        Assert.IsType<CallStarted>(events.Events.First());
        Assert.IsType<CallEnded>(events.Events.Last());
        var utterances = events.Of<Utterance>();
        Assert.Equal([UtteranceRole.Agent, UtteranceRole.User, UtteranceRole.Agent], utterances.Select(u => u.Role));
        var latency = Assert.Single(events.Of<TurnLatency>());
        Assert.Equal(1, latency.Turn);
        Assert.True(latency.SttFinal <= latency.FirstText && latency.FirstText <= latency.FirstAudio && latency.FirstAudio <= latency.FirstFrameSent,
            $"waterfall out of order: {latency}");
    }

    [NativeFact]
    public async Task Keypad_digits_form_a_turn_at_the_finish_key()
    {
        var engine = new ScriptedEngine(null, turn => [new TextDelta($"Got {turn.Digits}.")]);
        await using var call = new CallHarness(CallHarness.Agent(), engine);
        await call.SilenceUntilAsync(() => false, TimeSpan.FromMilliseconds(200));
        await call.PressAsync("42#");
        Assert.True(await call.ListenToAgentAsync(Long));
        Assert.Equal("42", Assert.Single(engine.Turns).Digits);
        Assert.Contains(call.Observer.Of<DigitEvent>(), d => d.Received && d.Digits == "4");
    }

    [NativeFact]
    public async Task Keys_pressed_before_the_agent_began_to_speak_still_take_the_turn_once_it_speaks()
    {
        // An IVR caller who knows the menu presses before its prompt starts: the key interrupts nothing when it arrives,
        // and its turn completes while the prompt plays. It must not be dropped like a backchannel.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const string prompt = "Welcome. For sales press one. For support press two. For billing press three. For anything else, please stay on the line.";
        var engine = new ScriptedEngine(prompt, turn => [new TextDelta($"You chose {turn.Digits}.")]) { OpeningGate = gate.Task };
        await using var call = new CallHarness(CallHarness.Agent(), engine);
        await call.SilenceUntilAsync(() => false, TimeSpan.FromMilliseconds(200));
        await call.PressAsync("2");
        await call.SilenceUntilAsync(() => false, TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, call.AgentFrames);
        gate.SetResult();

        Assert.True(await call.SilenceUntilAsync(() => !engine.Turns.IsEmpty, Long), "the keys were dropped");
        Assert.Equal("2", Assert.Single(engine.Turns).Digits);
        var (heard, interrupted) = engine.HeardLog.First();
        Assert.True(interrupted, $"the prompt was not interrupted (heard '{heard}')");
        Assert.StartsWith("Welcome", heard);
    }

    [NativeFact]
    public async Task Caller_speech_over_the_agent_interrupts_it_and_the_engine_keeps_only_what_was_heard()
    {
        const string speech = "Our office is open from Monday to Friday. We offer cleanings, checkups, fillings and crowns. " +
            "Parking is available behind the building. Please arrive ten minutes early for your first visit.";
        var engine = new ScriptedEngine(speech, turn => [new TextDelta("Okay.")]);
        await using var call = new CallHarness(CallHarness.Agent(a => a with { InterruptionSensitivity = 1.0 }), engine);

        Assert.True(await call.SilenceUntilAsync(() => call.AgentFrames > 100, Long));
        await call.SayAsync("stop please i have a question");
        Assert.True(await call.SilenceUntilAsync(() => !engine.HeardLog.IsEmpty, Long), "the agent was never interrupted");

        var (heard, interrupted) = engine.HeardLog.First();
        Assert.True(interrupted);
        Assert.StartsWith("Our office is open", heard);
        Assert.True(heard.Length < speech.Length - 40, $"heard '{heard}' is nearly everything");
        Assert.True(call.Channel.ClearCount >= 1);
        var agent = call.Observer.Of<Utterance>().First(u => u.Role == UtteranceRole.Agent);
        Assert.True(agent.Interrupted);
        Assert.Equal(heard, agent.Text);
    }

    [NativeFact]
    public async Task Silence_brings_reminders_and_then_ends_the_call()
    {
        var engine = new ScriptedEngine("Hello.", _ => []);
        var agent = CallHarness.Agent(a => a with { ReminderAfterMs = 1500, MaxReminders = 2, EndCallAfterSilenceMs = 6000 });
        await using var call = new CallHarness(agent, engine);
        Assert.True(await call.SilenceUntilAsync(() => call.Run.IsCompleted, TimeSpan.FromSeconds(30)),
            string.Join("\n", call.Observer.Events) + $"\nreminders: {string.Join(",", engine.NoInputs)}");
        Assert.Equal("silence_timeout", await call.Run);
        Assert.Equal([1, 2], engine.NoInputs);
    }

    [NativeFact]
    public async Task An_end_call_action_hangs_up_after_the_goodbye_has_played()
    {
        var engine = new ScriptedEngine(null, _ => [new TextDelta("Goodbye then."), new CallAction(CallActionKind.EndCall, null, "done")]);
        await using var call = new CallHarness(CallHarness.Agent(), engine);
        await call.PressAsync("1#");
        Assert.True(await call.SilenceUntilAsync(() => call.Run.IsCompleted, Long));
        Assert.Equal("agent_hangup", await call.Run);
        await call.Drained.WaitAsync(Long);
        Assert.True(call.AgentFrames > 20, "the goodbye was not played before hanging up");
        var goodbye = Assert.Single(call.Observer.Of<Utterance>(), u => u.Role == UtteranceRole.Agent);
        Assert.Equal("Goodbye then.", goodbye.Text);
        Assert.False(goodbye.Interrupted);
    }

    [NativeFact]
    public async Task A_transfer_action_is_sent_to_the_transport_and_recorded()
    {
        var engine = new ScriptedEngine(null, _ => [new TextDelta("Transferring you."), new CallAction(CallActionKind.Transfer, "+15551234567", null)]);
        await using var call = new CallHarness(CallHarness.Agent(), engine);
        await call.PressAsync("0#");
        Assert.True(await call.SilenceUntilAsync(() => call.Run.IsCompleted, Long));
        Assert.Equal("transferred", await call.Run);
        var transfer = Assert.Single(call.Observer.Of<TransferAttempted>());
        Assert.Equal("+15551234567", transfer.Target);
        Assert.True(transfer.Accepted);
        lock (call.Outputs) Assert.Contains(call.Outputs, o => o.Kind == AgentOutputKind.Transfer && o.Text == "+15551234567");
    }

    [NativeFact]
    public async Task A_telephone_rate_channel_gets_agent_audio_at_8_khz()
    {
        var engine = new ScriptedEngine("Hello from the phone line.", _ => []);
        await using var call = new CallHarness(CallHarness.Agent(), engine, sampleRate: 8000);
        Assert.True(await call.ListenToAgentAsync(Long));
        Assert.True(call.AgentFrames > 25);
    }

    [NativeFact]
    public async Task A_recording_agent_writes_both_sides_to_one_stereo_wav_named_in_call_ended()
    {
        var directory = Directory.CreateTempSubdirectory("sb-rec-").FullName;
        try
        {
            var engine = new ScriptedEngine("Hello, this call is recorded.", _ => []);
            var options = new Switchboard.Realtime.Sessions.CallSessionOptions { RecordingDirectory = directory };
            await using (var call = new CallHarness(CallHarness.Agent(a => a with { RecordAudio = true }), engine, sampleRate: 8000, options: options))
            {
                Assert.True(await call.ListenToAgentAsync(Long));
                await call.SayAsync("hello there");
                await call.Channel.SendCallerSilenceAsync(TimeSpan.FromMilliseconds(200), call.Token);
                await call.Channel.CallerHangUpAsync("done", call.Token);
                await call.Run;
                Assert.Equal(Path.Combine(directory, "call_test.wav"), call.Observer.Of<CallEnded>().Single().RecordingPath);
            }
            var ended = Assert.Single(Directory.GetFiles(directory));
            var wav = Switchboard.Audio.Wav.WavReader.Read(File.OpenRead(ended));
            Assert.Equal((2, 8000), (wav.Format.Channels, wav.SampleRate));
            Assert.True(wav.Duration > TimeSpan.FromSeconds(2), $"recording is {wav.Duration}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
