using System.CommandLine;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Simulation;

namespace Switchboard.Server.Cli;

/// <summary><c>switchboard call simulate</c>: talk to an agent in text, or play a recording through a full call.</summary>
internal static class CallCommand
{
    public static Command Create()
    {
        var agent = new Option<string>("--agent") { Description = "An agent id in the server's database, or an agent JSON file (the body of POST /api/v1/agents).", Required = true };
        var version = new Option<int?>("--version") { Description = "Agent version (default: published, else latest). Only with an agent id." };
        var variables = new Option<string[]>("--var") { Description = "A dynamic variable for the call, key=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var audio = new Option<string?>("--audio") { Description = "A WAV file to play as the caller: runs the full audio pipeline with the offline engines." };
        var output = new Option<string?>("--out") { Description = "With --audio: write the whole call (caller and agent mixed, 16 kHz) to this WAV file." };
        var simulate = new Command("simulate", """
            Talk to an agent. Text mode (default): type or pipe lines; '/dtmf 12#' presses keys, '/silence' lets the agent's
            no-input handling run, '/quit' hangs up. Audio mode (--audio): the recording is played in real time through VAD,
            speech recognition, turn taking, the agent and TTS; prints the transcript and each turn's latency waterfall.
            """)
        {
            agent, version, variables, audio, output,
        };
        simulate.TreatUnmatchedTokensAsErrors = false;
        simulate.SetAction(async (result, ct) =>
        {
            try
            {
                var config = result.UnmatchedTokens.ToArray();
                var (definition, organization) = await CliAgents.LoadAsync(result.GetValue(agent)!, result.GetValue(version), config, ct);
                var call = CliAgents.Context(definition, organization, CliAgents.Variables(result.GetValue(variables)));
                var factory = CliAgents.Engines();
                if (result.GetValue(audio) is { } wav)
                    return await AudioCall.RunAsync(call, CliAgents.CreateEngine(factory, call), wav, result.GetValue(output), config, ct);
                if (result.GetValue(output) is not null) throw new CliException("--out needs --audio.");
                await using var engine = CliAgents.CreateEngine(factory, call);
                return await RunTextAsync(engine, ct);
            }
            catch (CliException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 2;
            }
        });
        return new Command("call", "Calls: simulate a call with an agent.") { simulate };
    }

    private static async Task<int> RunTextAsync(IResponseEngine engine, CancellationToken ct)
    {
        var conversation = new TextConversation(engine);
        Print(await conversation.StartAsync(ct));
        var interactive = !Console.IsInputRedirected;
        var silences = 0;
        while (!conversation.Ended)
        {
            if (interactive) Console.Out.Write("you> ");
            var line = await Console.In.ReadLineAsync(ct);
            if (line is null || line.Trim() == "/quit") break;
            line = line.Trim();
            if (line.Length == 0) continue;
            ConversationReply reply;
            if (line == "/silence")
            {
                reply = await conversation.NoInputAsync(++silences, ct);
            }
            else if (line.StartsWith("/dtmf", StringComparison.Ordinal))
            {
                var digits = line[5..].Trim();
                if (digits.Length == 0 || digits.Any(c => !(char.IsAsciiDigit(c) || c is '*' or '#' or (>= 'A' and <= 'D'))))
                {
                    Console.Error.WriteLine("error: /dtmf takes keypad digits: 0-9, *, #, A-D.");
                    continue;
                }
                silences = 0;
                reply = await conversation.SendAsync(new UserTurn("", digits.TrimEnd('#')), ct);
            }
            else if (line.StartsWith('/'))
            {
                Console.Error.WriteLine("error: commands are /dtmf DIGITS, /silence and /quit.");
                continue;
            }
            else
            {
                silences = 0;
                reply = await conversation.SendAsync(UserTurn.Speech(line), ct);
            }
            Print(reply);
        }
        Console.Out.WriteLine(conversation.Ended ? "[call ended by the agent]" : "[caller hung up]");
        return 0;
    }

    private static void Print(ConversationReply reply)
    {
        var lines = new List<string>();
        AgentTestRunner.Describe(lines, reply);
        foreach (var line in lines) Console.Out.WriteLine(line);
    }
}
