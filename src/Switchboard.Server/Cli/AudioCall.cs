using Switchboard.Audio.Vad;
using Switchboard.Audio.Wav;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Realtime.Simulation;
using Switchboard.Speech;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;

namespace Switchboard.Server.Cli;

/// <summary>The audio mode of <c>switchboard call simulate</c>, with the offline engines.</summary>
internal static class AudioCall
{
    public static async Task<int> RunAsync(CallContext call, IResponseEngine engine, string wavPath, string? outPath, string[] configurationArgs,
        CancellationToken ct)
    {
        var audio = AudioFiles.Read(wavPath);
        var samples = AudioFiles.Resample(audio.Samples, audio.SampleRate, AudioSimulation.SampleRate);
        try
        {
            using var flite = new FliteTextToSpeechClient();
            using var pocketSphinx = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 2 });
            var providers = new SpeechProviders(pocketSphinx, flite, SpeechOptions(configurationArgs));
            using var tts = providers.TextToSpeechFor(call.Agent);
            using var stt = providers.SpeechToTextFor(call.Agent);
            using var vad = SileroVadModel.LoadEmbedded();
            Console.Out.WriteLine($"Playing {wavPath} ({TimeSpan.FromSeconds(samples.Length / (double)AudioSimulation.SampleRate):mm\\:ss\\.f}) to {call.Agent.Name} in real time...");
            var (mix, reason) = await AudioSimulation.RunAsync(call, engine, samples, stt, tts, vad, [new ConsoleCallPrinter()],
                settle: TimeSpan.FromSeconds(3), maxTail: TimeSpan.FromSeconds(60), ct);
            if (outPath is not null)
            {
                await using var file = File.Create(outPath);
                WavWriter.Write(file, mix, AudioSimulation.SampleRate);
                Console.Out.WriteLine($"Wrote {outPath} ({mix.Length / (double)AudioSimulation.SampleRate:0.0} s).");
            }
            return reason == "error" ? 1 : 0;
        }
        catch (SpeechNativeLibraryException e)
        {
            throw new CliException(e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message);
        }
        catch (IOException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static SpeechProviderOptions SpeechOptions(string[] configurationArgs) =>
        ControlPlane.LiveCalls.SpeechSettings.Read(new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(configurationArgs).Build());

    /// <summary>Prints the call as it happens: utterances, tools, nodes, digits, transfers, latency waterfalls.</summary>
    private sealed class ConsoleCallPrinter : ICallObserver
    {
        public ValueTask OnEventAsync(CallEvent callEvent, CancellationToken cancellationToken)
        {
            var at = $"[{callEvent.Offset:mm\\:ss\\.f}]";
            string? line = callEvent switch
            {
                Utterance u => $"{at} {(u.Role == UtteranceRole.Agent ? "agent" : "caller")}: {u.Text}{(u.Interrupted ? " [interrupted]" : "")}",
                ToolCalled t => $"{at}   [tool] {t.Name}({t.Arguments}) -> {(t.IsError ? "error: " : "")}{t.Result}",
                NodeTransition n => $"{at}   [node] {n.FromNodeId ?? "(start)"} -> {n.NodeId}",
                DigitEvent d => $"{at}   [{(d.Received ? "caller pressed" : "agent pressed")}] {d.Digits}",
                TransferAttempted x => $"{at}   [transfer] {x.Target}: {(x.Accepted ? "accepted" : "refused " + x.Detail)}",
                TurnLatency l => $"{at}   [latency turn {l.Turn}] stt final +{Ms(l.SttFinal)}, first text +{Ms(l.FirstText)}, first audio +{Ms(l.FirstAudio)}, first frame sent +{Ms(l.FirstFrameSent)} (after end of speech)",
                CallEnded e => $"{at} [call ended: {e.Reason}]",
                _ => null,
            };
            if (line is not null) Console.Out.WriteLine(line);
            return ValueTask.CompletedTask;
        }

        private static string Ms(TimeSpan? t) => t is { } v ? $"{v.TotalMilliseconds:0} ms" : "-";
    }
}
