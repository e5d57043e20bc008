#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Realtime.Demo;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Simulation;

/// <summary><c>switchboard call simulate</c> and <c>switchboard test agents</c>, run as the real executable.</summary>
public sealed class SimulatorCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sb-sim-").FullName;

    public SimulatorCliTests()
    {
        var agent = new JsonObject
        {
            ["name"] = "Acme Dental",
            ["response_engine"] = new JsonObject { ["type"] = "flow", ["flow"] = JsonNode.Parse(DemoAgents.AcmeDentalFlow) },
        };
        File.WriteAllText(Path.Combine(_dir, "acme.json"), agent.ToJsonString());
    }

    [Fact]
    public async Task Text_mode_talks_to_an_agent_file_by_voice_and_keypad_through_to_the_goodbye()
    {
        var (code, stdout, stderr) = await CliRunner.RunWithInputAsync(_dir, "/dtmf 1\nJohn Smith\n/dtmf 2\n/dtmf 1\n",
            "call", "simulate", "--agent", "acme.json");
        Assert.True(code == 0, stderr);
        Assert.Contains("agent: Thank you for calling Acme Dental", stdout);
        Assert.Contains("[var] name = John Smith", stdout);
        Assert.Contains("[var] day = Tuesday", stdout);
        Assert.Contains("[EndCall]", stdout);
        Assert.EndsWith("[call ended by the agent]", stdout.TrimEnd());
    }

    [Fact]
    public async Task The_demo_agent_talks_by_name_on_a_fresh_install_before_the_server_has_ever_run()
    {
        // _dir holds no database: the CLI creates it (./data) and, as the server's first start would, the demo agent.
        var (code, stdout, stderr) = await CliRunner.RunWithInputAsync(_dir, "/dtmf 1\n/quit\n", "call", "simulate", "--agent", "Acme Dental");
        Assert.True(code == 0, stderr);
        Assert.Contains("agent: Thank you for calling Acme Dental", stdout);
        Assert.Contains("[var] reason = cleaning", stdout);

        // Seeded once: the second run finds the same agent, not a second one.
        var again = await CliRunner.RunWithInputAsync(_dir, "/quit\n", "call", "simulate", "--agent", "Acme Dental");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("agent: Thank you for calling Acme Dental", again.Stdout);
    }

    [Fact]
    public async Task Agent_tests_in_yaml_and_json_pass_and_fail_with_the_exit_code_ci_needs()
    {
        var tests = Directory.CreateDirectory(Path.Combine(_dir, "tests")).FullName;
        await File.WriteAllTextAsync(Path.Combine(tests, "booking.yaml"), """
            agent: ../acme.json
            tests:
              - name: keypad booking
                greeting:
                  reply_contains: [Acme Dental]
                turns:
                  - digits: 1
                    expect: { reached_node: name, variables: { reason: cleaning } }
                  - user: Maria Lopez
                    expect: { variables: { name: Maria Lopez } }
                  - digits: 5
                    expect: { variables: { day: Friday }, reply_contains: ["Is that right"] }
                  - user: "yes"
                    expect: { call_ended: true, reply_contains: [Goodbye] }
            """);
        await File.WriteAllTextAsync(Path.Combine(tests, "broken.json"), """
            { "agent": "../acme.json", "tests": [ { "name": "expects the wrong day", "turns": [
              { "digits": "2" }, { "user": "Bo" }, { "user": "monday", "expect": { "variables": { "day": "Wednesday" } } } ] } ] }
            """);

        var all = await CliRunner.RunAsync(_dir, "test", "agents", tests);
        Assert.Equal(1, all.ExitCode);
        Assert.Contains("PASS  keypad booking", all.Stdout);
        Assert.Contains("FAIL  expects the wrong day", all.Stdout);
        Assert.Contains("variable day is \"Monday\", not \"Wednesday\"", all.Stdout);
        Assert.Contains("1 passed, 1 failed", all.Stdout);

        var one = await CliRunner.RunAsync(_dir, "test", "agents", Path.Combine(tests, "booking.yaml"));
        Assert.True(one.ExitCode == 0, one.Stdout + one.Stderr);
        Assert.Contains("1 passed, 0 failed", one.Stdout);
    }

    [Fact]
    public async Task A_bad_agent_file_is_one_clear_line_and_exit_2()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "bad.json"), """{"name":"x","response_engine":{"type":"flow","flow":{"start":"nowhere","nodes":[]}}}""");
        var (code, stdout, stderr) = await CliRunner.RunAsync(_dir, "call", "simulate", "--agent", "bad.json");
        Assert.Equal(2, code);
        Assert.StartsWith("error: bad.json: not a valid agent:", stderr);
        Assert.Contains("response_engine.flow", stderr);
        Assert.Equal("", stdout);

        var missing = await CliRunner.RunAsync(_dir, "test", "agents", "no-such-dir");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no-such-dir: no such file or directory", missing.Stderr);
    }

    [Fact]
    public async Task An_llm_agent_without_a_key_is_refused_before_the_call_with_the_setting_to_add()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "llm.json"), """{"name":"x","response_engine":{"type":"llm","provider":"openai","model":"gpt-4o-mini"}}""");
        var info = await CliRunner.RunAsync(_dir, "call", "simulate", "--agent", "llm.json", "--Llm:Providers:openai:ApiKey=");
        Assert.Equal(2, info.ExitCode);
        Assert.Contains("No API key for the openai provider", info.Stderr);
    }

    [Fact]
    public async Task Audio_mode_plays_a_recording_through_the_whole_call_and_writes_the_conversation()
    {
        // The caller waits out most of the greeting, then says what they need; flite speaks for them.
        using (var tts = new Switchboard.Speech.Flite.FliteTextToSpeechClient())
        {
            var said = await tts.GetAudioAsync("billing", new Microsoft.Extensions.AI.TextToSpeechOptions { AudioFormat = "audio/pcm" });
            var bytes = ((Microsoft.Extensions.AI.DataContent)said.Contents[0]).Data.ToArray();
            var speech = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, speech, 0, bytes.Length);
            var caller = new short[16_000 * 14 + speech.Length];
            speech.CopyTo(caller, 16_000 * 14);
            await using var file = File.Create(Path.Combine(_dir, "caller.wav"));
            Switchboard.Audio.Wav.WavWriter.Write(file, caller, 16_000);
        }

        var (code, stdout, stderr) = await CliRunner.RunAsync(_dir, "call", "simulate", "--agent", "acme.json", "--audio", "caller.wav", "--out", "call.wav");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("agent: Thank you for calling Acme Dental", stdout);
        Assert.Contains("caller:", stdout);
        Assert.Contains("[latency turn 1] stt final +", stdout);
        Assert.Contains("[call ended: user_hangup]", stdout);
        var call = Switchboard.Audio.Wav.WavReader.Read(File.OpenRead(Path.Combine(_dir, "call.wav")));
        Assert.True(call.Duration > TimeSpan.FromSeconds(15), $"the conversation is {call.Duration}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
