using System.Diagnostics;
using System.Text.Json.Nodes;
using Switchboard.Audio.Dtmf;
using Switchboard.Audio.Wav;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

/// <summary><c>switchboard audio dtmf|vad|convert</c> on real files, through the built executable.</summary>
public sealed class AudioCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sb-audio-cli-").FullName;

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(48000)]
    public async Task Dtmf_prints_each_digit_with_its_start(int rate)
    {
        var digits = "159#*0D";
        var path = Path.Combine(_dir, $"digits-{rate}.wav");
        WriteDigits(path, digits, rate, tone: TimeSpan.FromMilliseconds(80), gap: TimeSpan.FromMilliseconds(120));

        var (code, stdout, stderr) = await CliRunner.RunAsync(_dir, "audio", "dtmf", path, "--json");
        Assert.True(code == 0, stderr);
        var events = JsonNode.Parse(stdout)!.AsArray();
        Assert.Equal(digits, string.Concat(events.Select(e => (string)e!["digit"]!)));
        for (var i = 0; i < digits.Length; i++)
        {
            var expectedStart = 200 + i * 200; // 200 ms of leading silence, then tone + gap = 200 ms each
            Assert.InRange((long)events[i]!["start_ms"]!, expectedStart - 15, expectedStart + 15);
            Assert.InRange((long)events[i]!["duration_ms"]!, 60, 100);
        }

        var text = await CliRunner.RunAsync(_dir, "audio", "dtmf", path);
        Assert.StartsWith("1 at 0.2", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vad_finds_the_speech_between_silences()
    {
        var flite = ToolPath("flite");
        if (flite is null) return;
        var speech = Path.Combine(_dir, "speech.wav");
        using (var p = Process.Start(flite, ["-voice", "slt", "-t", "Hello, thank you for calling. How can I help you today?", "-o", speech])!)
            await p.WaitForExitAsync();
        var spoken = WavReader.Read(File.OpenRead(speech));
        var silence = new short[spoken.SampleRate]; // 1 s
        var path = Path.Combine(_dir, "padded.wav");
        using (var f = File.Create(path)) WavWriter.Write(f, [.. silence, .. spoken.Samples, .. silence], spoken.SampleRate);

        var (code, stdout, stderr) = await CliRunner.RunAsync(_dir, "audio", "vad", path, "--json");
        Assert.True(code == 0, stderr);
        var segments = JsonNode.Parse(stdout)!.AsArray();
        Assert.NotEmpty(segments);
        Assert.InRange((long)segments[0]!["start_ms"]!, 850, 1300);
        Assert.InRange((long)segments[^1]!["end_ms"]!, 1000 + (long)spoken.Duration.TotalMilliseconds - 400, 1000 + (long)spoken.Duration.TotalMilliseconds + 400);
    }

    [Fact]
    public async Task Convert_writes_the_requested_rate_and_encoding()
    {
        var path = Path.Combine(_dir, "in.wav");
        WriteDigits(path, "123", 16000, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        var output = Path.Combine(_dir, "out.wav");
        var (code, _, stderr) = await CliRunner.RunAsync(_dir, "audio", "convert", path, output, "--rate", "8000", "--encoding", "ulaw");
        Assert.True(code == 0, stderr);
        var converted = WavReader.Read(File.OpenRead(output));
        Assert.Equal(8000, converted.SampleRate);
        Assert.Equal(WavEncoding.MuLaw, converted.Format.Encoding);
        var original = WavReader.Read(File.OpenRead(path));
        Assert.InRange(converted.Duration.TotalMilliseconds, original.Duration.TotalMilliseconds - 5, original.Duration.TotalMilliseconds + 5);

        // The converted file still carries the digits.
        var digits = await CliRunner.RunAsync(_dir, "audio", "dtmf", output, "--json");
        Assert.Equal("123", string.Concat(JsonNode.Parse(digits.Stdout)!.AsArray().Select(e => (string)e!["digit"]!)));
    }

    [Fact]
    public async Task Bad_files_give_one_line_and_exit_code_2()
    {
        var garbage = Path.Combine(_dir, "garbage.wav");
        await File.WriteAllBytesAsync(garbage, "RIFF\x10\0\0\0WAVEjunk"u8.ToArray());
        foreach (var args in new[]
        {
            new[] { "audio", "dtmf", garbage },
            ["audio", "vad", garbage, "--json"],
            ["audio", "dtmf", Path.Combine(_dir, "missing.wav")],
            ["audio", "convert", garbage, Path.Combine(_dir, "o.wav")],
        })
        {
            var (code, stdout, stderr) = await CliRunner.RunAsync(_dir, args);
            Assert.Equal(2, code);
            Assert.Empty(stdout);
            var lines = stderr.Trim().Split('\n');
            Assert.Single(lines);
            Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        }

        var tone = Path.Combine(_dir, "ok.wav");
        WriteDigits(tone, "1", 8000, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        var badEncoding = await CliRunner.RunAsync(_dir, "audio", "convert", tone, Path.Combine(_dir, "o.wav"), "--encoding", "mp3");
        Assert.Equal(2, badEncoding.ExitCode);
        Assert.Contains("--encoding", badEncoding.Stderr, StringComparison.Ordinal);
        var badRate = await CliRunner.RunAsync(_dir, "audio", "convert", tone, Path.Combine(_dir, "o.wav"), "--rate", "44100");
        Assert.Equal(2, badRate.ExitCode);
        Assert.Contains("44100", badRate.Stderr, StringComparison.Ordinal);
    }

    /// <summary>200 ms of silence, then each digit as a tone followed by a gap, at −10 dBm0 per tone.</summary>
    private static void WriteDigits(string path, string digits, int rate, TimeSpan tone, TimeSpan gap)
    {
        var samples = new List<short>(new short[rate / 5]);
        foreach (var digit in digits)
        {
            var buffer = new short[DtmfGenerator.GetSampleCount(tone, rate)];
            DtmfGenerator.Generate(digit, -10, rate, buffer);
            samples.AddRange(buffer);
            samples.AddRange(new short[DtmfGenerator.GetSampleCount(gap, rate)]);
        }
        using var file = File.Create(path);
        WavWriter.Write(file, samples.ToArray(), rate);
    }

    private static string? ToolPath(string tool)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        if (found is null && TestEnvironment.RequireServices)
            throw new InvalidOperationException($"{tool} is not installed but SWITCHBOARD_TEST_REQUIRE_SERVICES=1.");
        return found;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
