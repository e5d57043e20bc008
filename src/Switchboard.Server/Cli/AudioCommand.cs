using System.CommandLine;
using System.Text.Json;
using Switchboard.Audio.Dtmf;
using Switchboard.Audio.Vad;
using Switchboard.Audio.Wav;

namespace Switchboard.Server.Cli;

/// <summary><c>switchboard audio dtmf|vad|convert</c>: the audio core on real files.</summary>
internal static class AudioCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create() => new("audio", "Inspect and convert audio files.")
    {
        Dtmf(),
        Vad(),
        Convert(),
    };

    /// <summary>Runs a verb body, turning our documented errors into one line on stderr and exit code 2.</summary>
    internal static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 2;
        }
    }

    private static Command Dtmf()
    {
        var file = new Argument<string>("file") { Description = "A WAV file (8 kHz or 16 kHz are used as they are; others are resampled)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {\"digit\", \"start_ms\", \"duration_ms\"}." };
        var command = new Command("dtmf", "Print the DTMF digits in a WAV file with their start times.") { file, json };
        command.SetAction(result => Guard(() =>
        {
            var audio = AudioFiles.Read(result.GetValue(file)!);
            var rate = audio.SampleRate is 8000 or 16000 ? audio.SampleRate : 16000;
            var samples = AudioFiles.Resample(audio.Samples, audio.SampleRate, rate);
            var detector = new DtmfDetector(rate);
            var digits = new List<DtmfDigit>();
            var frame = rate / 50;
            for (var offset = 0; offset < samples.Length; offset += frame)
            {
                detector.Process(samples.AsSpan(offset, Math.Min(frame, samples.Length - offset)));
                DrainDigits(detector, digits);
            }
            detector.Flush();
            DrainDigits(detector, digits);

            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(digits, Json));
            }
            else
            {
                foreach (var d in digits) Console.Out.WriteLine($"{d.Digit} at {d.StartMs / 1000.0:0.000}s ({d.DurationMs} ms)");
            }
            return 0;
        }));
        return command;
    }

    private static void DrainDigits(DtmfDetector detector, List<DtmfDigit> digits)
    {
        while (detector.TryReadEvent(out var e))
            digits.Add(new DtmfDigit(e.Digit.ToString(), (long)e.Start.TotalMilliseconds, (long)e.Duration.TotalMilliseconds));
    }

    private static Command Vad()
    {
        var file = new Argument<string>("file") { Description = "A WAV file." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {\"start_ms\", \"end_ms\"}." };
        var command = new Command("vad", "Print the speech segments of a WAV file (Silero VAD v5).") { file, json };
        command.SetAction(result => Guard(() =>
        {
            var audio = AudioFiles.Read(result.GetValue(file)!);
            var rate = audio.SampleRate == 8000 ? 8000 : 16000;
            var samples = AudioFiles.Resample(audio.Samples, audio.SampleRate, rate);

            using var model = SileroVadModel.LoadEmbedded();
            using var detector = model.CreateDetector(rate);
            var segments = new List<VadSegment>();
            var frame = rate / 50;
            for (var offset = 0; offset < samples.Length; offset += frame)
            {
                detector.Process(samples.AsSpan(offset, Math.Min(frame, samples.Length - offset)));
                Drain(detector, segments);
            }
            detector.Flush();
            Drain(detector, segments);

            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(segments, Json));
            }
            else
            {
                foreach (var s in segments) Console.Out.WriteLine($"{s.StartMs / 1000.0:0.000}s - {s.EndMs / 1000.0:0.000}s");
            }
            return 0;
        }));
        return command;
    }

    private static void Drain(IVoiceActivityDetector detector, List<VadSegment> segments)
    {
        while (detector.TryReadEvent(out var e))
        {
            if (e.Kind == VoiceActivityEventKind.SpeechEnded && e.End is { } end)
                segments.Add(new VadSegment((long)e.Start.TotalMilliseconds, (long)end.TotalMilliseconds));
        }
    }

    private static Command Convert()
    {
        var input = new Argument<string>("in") { Description = "The WAV file to read." };
        var output = new Argument<string>("out") { Description = "The WAV file to write." };
        var rate = new Option<int?>("--rate") { Description = "Output sample rate: 8000, 16000, 24000 or 48000 (default: the input's)." };
        var encoding = new Option<string>("--encoding") { Description = "pcm16 (default), ulaw or alaw.", DefaultValueFactory = _ => "pcm16" };
        var command = new Command("convert", "Convert a WAV file (any common encoding, mono or stereo) to mono PCM16, μ-law or A-law.")
        {
            input, output, rate, encoding,
        };
        command.SetAction(result => Guard(() =>
        {
            var wavEncoding = result.GetValue(encoding) switch
            {
                "pcm16" => WavEncoding.Pcm16,
                "ulaw" => WavEncoding.MuLaw,
                "alaw" => WavEncoding.ALaw,
                var other => throw new CliException($"--encoding must be pcm16, ulaw or alaw, not '{other}'."),
            };
            var audio = AudioFiles.Read(result.GetValue(input)!);
            var targetRate = result.GetValue(rate) ?? audio.SampleRate;
            var samples = AudioFiles.Resample(audio.Samples, audio.SampleRate, targetRate);
            try
            {
                using var stream = File.Create(result.GetValue(output)!);
                WavWriter.Write(stream, samples, targetRate, wavEncoding);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new CliException($"{result.GetValue(output)}: {ex.Message}");
            }
            Console.Out.WriteLine($"Wrote {samples.Length} samples at {targetRate} Hz ({result.GetValue(encoding)}) to {result.GetValue(output)}.");
            return 0;
        }));
        return command;
    }
}
