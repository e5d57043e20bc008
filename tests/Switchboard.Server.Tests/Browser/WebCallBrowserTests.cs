using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Audio.Wav;
using Switchboard.ControlPlane;
using Switchboard.Speech.Flite;

#pragma warning disable MEAI001

namespace Switchboard.Server.Tests.Browser;

/// <summary>
/// The browser test page in real headless Chromium against the real server: the fake microphone plays a caller made with
/// flite, the page calls the demo agent, and the agent's greeting shows up in the page's transcript.
/// </summary>
public sealed class WebCallBrowserTests
{
    private static readonly TimeSpan ScriptLimit = TimeSpan.FromMinutes(3);

    [BrowserFact]
    public async Task The_call_page_talks_to_the_demo_agent_in_headless_chromium()
    {
        Assert.True(BrowserTools.Missing() is null, BrowserTools.Missing());
        await using var server = await KestrelServer.StartAsync();
        var (_, _, secret) = await ControlPlaneAdmin.CreateApiKeyAsync(server.Services, "default", "browser", ["*"], null);
        var wav = Path.Combine(Path.GetTempPath(), $"sb-caller-{Guid.NewGuid():N}.wav");
        try
        {
            await WriteCallerAsync(wav);
            var (exitCode, output, errors) = await RunScriptAsync("--base", server.BaseUrl, "--key", secret, "--wav", wav,
                "--chromium", BrowserTools.Chromium, "--timeout-ms", "120000", "--expect", "Acme Dental", "--want-user");
            var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            Assert.True(json.StartsWith('{'), $"the script printed no result (exit {exitCode}): {output} {errors}");
            using var result = JsonDocument.Parse(json);
            var root = result.RootElement;
            Assert.True(root.GetProperty("ok").GetBoolean(), $"exit {exitCode}: {json} {errors}");

            var lines = root.GetProperty("transcript").EnumerateArray()
                .Select(l => (Role: l.GetProperty("role").GetString(), Text: l.GetProperty("text").GetString() ?? "")).ToList();
            var greeting = lines.First(l => l.Role == "agent");
            Assert.StartsWith("Thank you for calling Acme Dental.", greeting.Text, StringComparison.Ordinal);
            // The fake microphone reached the agent: the caller's words were heard and transcribed.
            Assert.Contains(lines, l => l.Role == "user" && l.Text.Length > 0);
        }
        finally
        {
            File.Delete(wav);
        }
    }

    /// <summary>
    /// Silence while the agent greets, then the caller's request, then silence: Chromium loops the file, so the
    /// request must not land on the greeting.
    /// </summary>
    private static async Task WriteCallerAsync(string path)
    {
        using var tts = new FliteTextToSpeechClient();
        var response = await tts.GetAudioAsync("I would like to book a cleaning.", new TextToSpeechOptions { AudioFormat = "audio/pcm" });
        var pcm = ((DataContent)response.Contents[0]).Data.ToArray();
        const int rate = 16_000;
        var speech = new short[pcm.Length / 2];
        Buffer.BlockCopy(pcm, 0, speech, 0, speech.Length * 2);
        var samples = new short[rate * 22 + speech.Length + rate * 6];
        speech.CopyTo(samples, rate * 22);
        await using var file = File.Create(path);
        WavWriter.Write(file, samples, rate);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(BrowserTools.Node() ?? "node")
        {
            WorkingDirectory = BrowserTools.ScriptDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("web-call.mjs");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(ScriptLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return (process.ExitCode, await output, await errors);
    }
}
