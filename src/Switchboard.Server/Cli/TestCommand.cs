using System.CommandLine;
using Switchboard.Realtime.Simulation;

namespace Switchboard.Server.Cli;

/// <summary><c>switchboard test agents PATH</c>: run agent test files; a failing test makes the exit code 1, for CI.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A test file (.json, .yaml, .yml) or a directory of them." };
        var agent = new Option<string?>("--agent") { Description = "The agent to test (id or JSON file); overrides the \"agent\" named in the files." };
        var verbose = new Option<bool>("--verbose") { Description = "Print every test's transcript, not only failing ones." };
        var agents = new Command("agents", "Run agent tests: scripted caller turns with expectations on replies, tools, nodes and endings.") { path, agent, verbose };
        agents.TreatUnmatchedTokensAsErrors = false;
        agents.SetAction(async (result, ct) =>
        {
            try
            {
                return await RunAsync(result.GetValue(path)!, result.GetValue(agent), result.GetValue(verbose), result.UnmatchedTokens.ToArray(), ct);
            }
            catch (CliException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        });
        return new Command("test", "Test agents.") { agents };
    }

    private static async Task<int> RunAsync(string path, string? agentOverride, bool verbose, string[] config, CancellationToken ct)
    {
        var suites = AgentTestFiles.Load(path);
        var factory = CliAgents.Engines();
        int passed = 0, failed = 0;
        foreach (var suite in suites)
        {
            var agentName = agentOverride ?? suite.Agent
                ?? throw new CliException($"{suite.Path}: no agent to test: pass --agent or name one in the file (\"agent\": \"agent.json\" or an agent id).");
            var (agent, organization) = await CliAgents.LoadAsync(agentName, null, config, ct);
            Console.Out.WriteLine($"{suite.Path} ({agent.Name})");
            foreach (var test in suite.Tests)
            {
                var outcome = await AgentTestRunner.RunAsync(test,
                    variables => CliAgents.CreateEngine(factory, CliAgents.Context(agent, organization, variables)), ct);
                Console.Out.WriteLine($"  {(outcome.Passed ? "PASS" : "FAIL")}  {outcome.Name}");
                foreach (var failure in outcome.Failures) Console.Out.WriteLine($"        {failure}");
                if (!outcome.Passed || verbose)
                    foreach (var line in outcome.Transcript) Console.Out.WriteLine($"        | {line}");
                if (outcome.Passed) passed++;
                else failed++;
            }
        }
        Console.Out.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
