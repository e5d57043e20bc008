using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Audio.Resampling;
using Switchboard.ControlPlane.Telephony;
using Switchboard.Realtime.Demo;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Sip.Tests.Interop;
using Switchboard.Speech;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;
using Xunit.Abstractions;

#pragma warning disable MEAI001

namespace Switchboard.Server.Tests.Telephony;

/// <summary>
/// baresip (Debian package baresip) calls the demo receptionist through the server's SIP gateway with a flite WAV as
/// its microphone and records what it hears; pocketsphinx on that recording finds the greeting. The number is
/// registered through the phone numbers API and routed by the server's own inbound router.
/// </summary>
[Collection("sip-gateway")]
public sealed class BaresipGatewayTests(ITestOutputHelper output)
{
    /// <summary>Words of the greeting and the first prompt; narrowband recognition catches some of them, never all.</summary>
    private static readonly string[] GreetingWords =
        ["thank", "calling", "acme", "dental", "automated", "receptionist", "help", "today", "cleaning", "checkup", "toothache", "billing", "press"];

    [Fact]
    public async Task Baresip_calls_the_demo_agent_and_hears_its_greeting()
    {
        var required = Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1";
        if (!required && (!ExternalTool.Available("baresip", "baresip", output) || !FliteTextToSpeechClient.IsAvailable || !PocketSphinxSpeechToTextClient.IsAvailable))
        {
            output.WriteLine("SKIPPED: needs baresip, libflite1 and pocketsphinx-en-us.");
            return;
        }
        Assert.True(File.Exists("/usr/lib/baresip/modules/ctrl_tcp.so"), "baresip is installed without its modules (/usr/lib/baresip/modules)");

        var rtpBase = FreeEvenPortRange();
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, new Dictionary<string, string?>
        {
            ["Sip:Enabled"] = "true",
            ["Sip:BindAddress"] = "127.0.0.1",
            ["Sip:Port"] = "0",
            ["Sip:RtpPortRange"] = $"{rtpBase}-{rtpBase + 9}",
        });
        var sipPort = server.Services.GetRequiredService<SipGateway>().Status.Port;
        var key = await server.CreateKeyAsync();
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = DemoAgents.AcmeDentalName,
            ["response_engine"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "flow", ["flow"] = System.Text.Json.Nodes.JsonNode.Parse(DemoAgents.AcmeDentalFlow) },
        };
        var agent = await key.Client.PostJsonAsync("/api/v1/agents", body.ToJsonString());
        Assert.True(agent.StatusCode == HttpStatusCode.Created, await agent.Content.ReadAsStringAsync());
        var agentId = (string)(await agent.JsonAsync())["id"]!;

        // The real route: a direct-SIP number registered through the API, found by the phone numbers' inbound router.
        var number = await key.Client.PostJsonAsync("/api/v1/phone-numbers",
            $$"""{"number":"1000","sip_trunk_id":null,"inbound_agents":[{"agent_id":"{{agentId}}","weight":1}]}""");
        Assert.True(number.StatusCode == HttpStatusCode.Created, await number.Content.ReadAsStringAsync());

        var directory = Directory.CreateTempSubdirectory("baresip-gw").FullName;
        try
        {
            // baresip hangs up when its source file ends: the caller says a few words, then stays silent long enough
            // for the greeting to play.
            var wav = Path.Combine(directory, "caller.wav");
            WavFile.Write(wav, await CallerAudioAsync("hello", TimeSpan.FromSeconds(14)), 8000);
            var control = FreeTcpPort();
            await BaresipControl.WriteConfigAsync(directory, "sip:caller@127.0.0.1", wav, rtpBase + 10, rtpBase + 19, control, record: true);

            await using var baresip = ExternalTool.Start("baresip", ["-f", directory], TimeSpan.FromSeconds(60), directory);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(55));
            BaresipControl? ctrl = null;
            try
            {
                ctrl = await BaresipControl.ConnectAsync(control, baresip, guard.Token);
                await ctrl.SendAsync("dial", $"sip:1000@127.0.0.1:{sipPort.ToString(CultureInfo.InvariantCulture)}", guard.Token);
                await ctrl.WaitForEventAsync("CALL_ESTABLISHED", guard.Token);
                await ctrl.WaitForEventAsync("CALL_CLOSED", guard.Token);
                await ctrl.SendAsync("quit", null, guard.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("baresip did not get through the call; control messages:\n" + string.Join("\n", ctrl?.Seen ?? []) + "\n" + baresip.StandardOutput);
            }
            finally
            {
                ctrl?.Dispose();
            }
            await baresip.WaitForExitAsync();
            output.WriteLine(baresip.StandardOutput);

            var recording = Assert.Single(Directory.GetFiles(directory, "dump-*-dec.wav"));
            await using var audio = File.OpenRead(recording);
            var stt = new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = 1 });
            using (stt)
            {
                var options = new SpeechToTextOptions().WithKeywords(["acme dental", "receptionist", "cleaning", "checkup", "billing"]);
                var response = await stt.GetTextAsync(audio, options);
                var heard = response.Text;
                var spotted = response.AdditionalProperties?[SpeechHints.DetectedKey] as string[] ?? [];
                output.WriteLine($"baresip heard: {heard} (keywords: {string.Join(", ", spotted)})");
                var words = heard.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(GreetingWords.Any(w => words.Contains(w, StringComparer.OrdinalIgnoreCase)) || spotted.Length > 0,
                    $"no greeting word in '{heard}'");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<short[]> CallerAudioAsync(string text, TimeSpan total)
    {
        using var tts = new FliteTextToSpeechClient();
        var response = await tts.GetAudioAsync(text, new TextToSpeechOptions { AudioFormat = "audio/pcm" });
        var bytes = ((DataContent)response.Contents[0]).Data.ToArray();
        var wide = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, wide, 0, wide.Length * 2);
        var resampler = new Resampler(16_000, 8000);
        var narrow = new short[resampler.MaxOutputLength(wide.Length)];
        var length = resampler.Process(wide, narrow);
        var samples = new short[Math.Max(length, (int)(8000 * total.TotalSeconds))];
        narrow.AsSpan(0, length).CopyTo(samples);
        return samples;
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>An even port with the 19 above it free right now (the server's 10 RTP ports, then baresip's 10).</summary>
    private static int FreeEvenPortRange()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var start = UdpPorts.Free() & ~1;
            if (start > 1024 && start + 20 < 65535 && Enumerable.Range(start, 20).All(p => !UdpPorts.IsBound(p))) return start;
        }
        Assert.Fail("No free range of 20 UDP ports found.");
        return 0;
    }
}
