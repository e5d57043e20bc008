using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.Realtime.Tests.Sessions;

/// <summary>
/// With real pocketsphinx (which now ends its utterance inside the endpointing silence), the caller's turn carries the
/// recognizer's final text, not a partial.
/// </summary>
[Collection("calls")]
public sealed class CallSessionEarlyFinalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [NativeFact]
    public async Task The_turn_is_the_recognizers_final_text()
    {
        var engine = new ScriptedEngine("Hello.", _ => [new TextDelta("Okay.")]);
        var stt = new RecordingSpeechToText(CallHarness.SharedStt.Value);
        await using var call = new CallHarness(CallHarness.Agent(), engine, stt: stt);

        Assert.True(await call.ListenToAgentAsync(Long), "the greeting was never played");
        await call.SayAsync("i would like to book a cleaning appointment for next tuesday");
        Assert.True(await call.SilenceUntilAsync(() => !engine.Turns.IsEmpty, Long), "the caller's turn was never taken");

        var turn = Assert.Single(engine.Turns);
        Assert.NotEmpty(stt.Finals);
        Assert.Equal(string.Join(' ', stt.Finals.Where(f => f.Length > 0)), turn.Text);
        Assert.Contains("tuesday", turn.Text, StringComparison.Ordinal);
        var user = Assert.Single(call.Observer.Of<Utterance>(), u => u.Role == UtteranceRole.User);
        Assert.Equal(turn.Text, user.Text);
    }
}
