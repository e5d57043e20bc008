namespace Switchboard.Realtime.Tests.Sessions;

[Collection("calls")]
public sealed class CallSessionAgentAudioTests
{
    // 0.55 s: not a whole number of 20 ms frames, so the last frame is padded.
    private static readonly short[] Speech = [.. Enumerable.Range(0, 8_800).Select(i => (short)((i * 37 % 20_000) - 10_000))];

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1_000, 4_321, 3_479 })]
    public async Task The_agent_sends_exactly_the_synthesised_samples_whether_they_came_whole_or_in_pieces(int[] pieces)
    {
        var engine = new ScriptedEngine("Hello.", _ => []);
        await using var call = new CallHarness(CallHarness.Agent(), engine, stt: new PcmOnlySpeechToText(""),
            tts: new PiecesTextToSpeech(Speech, pieces), captureAgentAudio: true);

        var frames = (Speech.Length + 319) / 320;
        Assert.True(await call.SilenceUntilAsync(() => call.AgentFrames >= frames, TimeSpan.FromSeconds(20)), "the greeting was not played");

        short[] sent;
        lock (call.AgentAudio!) sent = [.. call.AgentAudio];
        Assert.Equal(Speech, sent[..Speech.Length]);
        Assert.All(sent[Speech.Length..(frames * 320)], sample => Assert.Equal(0, sample));
    }
}
