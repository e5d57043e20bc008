using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;

namespace Switchboard.Realtime.Tests.Sessions;

[Collection("calls")]
public sealed class CallSessionRecognizerInputTests
{
    [NativeFact]
    public async Task A_recognizer_that_takes_samples_is_fed_100_ms_chunks_at_16_kHz_through_the_process_wide_loan()
    {
        var stt = new PcmOnlySpeechToText("book a cleaning");
        var engine = new ScriptedEngine(null, turn => [new TextDelta($"You said {turn.Text}.")]);
        // How SpeechProviders lends the offline recognizer to a call: the loan must not hide its PCM entry point.
        await using var call = new CallHarness(CallHarness.Agent(), engine, sampleRate: 8_000, stt: new SharedSpeechToTextClient(stt));

        await call.SilenceUntilAsync(() => false, TimeSpan.FromMilliseconds(200));
        await call.SayAsync("i would like a cleaning appointment");
        Assert.True(await call.SilenceUntilAsync(() => !engine.Turns.IsEmpty, TimeSpan.FromSeconds(20)), "the caller's turn never reached the engine");

        Assert.Equal("book a cleaning", Assert.Single(engine.Turns).Text);
        int[] lengths;
        lock (stt.ChunkLengths) lengths = [.. stt.ChunkLengths];
        Assert.True(lengths.Length >= 5, $"only {lengths.Length} chunks");
        Assert.All(lengths[..^1], length => Assert.Equal(1_600, length));
        Assert.InRange(lengths[^1], 1, 1_600);
        lock (stt.ChunkLengths) Assert.All(stt.SampleRates, rate => Assert.Equal(16_000, rate));
    }
}
