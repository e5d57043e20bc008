namespace Switchboard.Bench.Engine;

/// <summary>
/// Goal 3: agent frames sent after the interrupt decision. The agent speaks a long answer; the caller talks over it;
/// the session clears the channel when it decides to interrupt, and every agent frame after that clear is counted
/// (the engine answers the interrupting turn with nothing, so any later frame is leaked audio).
/// </summary>
internal static class BargeInRun
{
    public static async Task RunAsync(Shared shared, BenchArgs args)
    {
        var calls = args.Int("calls", 20);
        var after = new List<double>();
        var notInterrupted = 0;
        for (var i = 0; i < calls; i++)
        {
            var agent = BenchCall.Agent(interruptionSensitivity: 1.0);
            var engine = new BenchEngine("Our office hours.", "");
            var call = new BenchCall($"call_bargein_{i}", agent, engine, new ScriptedSpeechToText("stop please"),
                new InstantTextToSpeech(shared.LongSpeechPcm), shared.Vad("silero", agent));
            await using (call.ConfigureAwait(false))
            {
                // Vary where in the agent's speech the caller starts, frame by frame.
                var lead = 30 + (i * 7 % 50);
                while (call.AgentFrames < lead)
                    await call.Channel.SendCallerSilenceAsync(call.Channel.FrameDuration, CancellationToken.None).ConfigureAwait(false);
                await call.Channel.SendCallerAudioAsync(shared.CallerAudio, CancellationToken.None).ConfigureAwait(false);
                await call.Channel.SendCallerSilenceAsync(TimeSpan.FromSeconds(3), CancellationToken.None).ConfigureAwait(false);
            }
            if (call.Clears == 0)
            {
                notInterrupted++;
                continue;
            }
            after.Add(call.FramesAfterClear);
        }
        Console.WriteLine($"calls: {calls}, interrupted: {after.Count}, not interrupted: {notInterrupted}");
        Console.WriteLine($"agent frames sent after the interrupt (channel clear): max {(after.Count == 0 ? 0 : after.Max())}, " +
            $"distribution: {string.Join(", ", after.GroupBy(a => a).OrderBy(g => g.Key).Select(g => $"{g.Key} frames x{g.Count()}"))}");
    }
}
