using Microsoft.Extensions.Configuration;
using Switchboard.ControlPlane;
using Switchboard.ControlPlane.Agents;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;
using Switchboard.Realtime.Tools.BuiltIns;

namespace Switchboard.Server.Cli;

/// <summary>Finds the agent a CLI verb names (a JSON file or an agent id in the server's database) and builds its engine.</summary>
internal static class CliAgents
{
    /// <summary>Loads <paramref name="agent"/>: a path to an agent JSON file, or an agent id (<c>agent_…</c>) in the database.</summary>
    /// <exception cref="CliException">The file or agent cannot be loaded; the message says why.</exception>
    public static async Task<(AgentDefinition Agent, string OrganizationId)> LoadAsync(string agent, int? version, string[] configurationArgs, CancellationToken ct)
    {
        if (File.Exists(agent) || agent.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(agent)) throw new CliException($"{agent}: no such file.");
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(configurationArgs).Build();
            var llm = configuration.GetSection(LlmOptions.Section).Get<LlmOptions>() ?? new LlmOptions();
            try
            {
                var id = "agent_" + Path.GetFileNameWithoutExtension(agent);
                return (ControlPlaneAdmin.ParseAgentFile(await File.ReadAllTextAsync(agent, ct), id, llm), "org_local");
            }
            catch (ArgumentException e)
            {
                throw new CliException($"{agent}: {e.Message.Split(" (Parameter")[0]}");
            }
        }

        await using var app = ServerHost.Build(configurationArgs, quiet: true);
        await ControlPlaneAdmin.MigrateAsync(app.Services, ct);
        // As the server's first start does (and under the same switch), so "call simulate --agent 'Acme Dental'" works on
        // a fresh install before the server has ever run. Seeded once: a deleted demo agent stays deleted.
        if (app.Configuration.GetValue(SwitchboardOptions.Section + ":MigrateOnStart", true))
            await ControlPlaneAdmin.SeedDemoAgentAsync(app.Services, ct);
        try
        {
            return await ControlPlaneAdmin.LoadAgentAsync(app.Services, agent, version, ct);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message.Split(" (Parameter")[0]);
        }
    }

    /// <summary>A call context for a simulated call, with the agent's variables overridden by <paramref name="variables"/>.</summary>
    public static CallContext Context(AgentDefinition agent, string organizationId, IReadOnlyDictionary<string, string> variables)
    {
        var merged = new Dictionary<string, string>(agent.DynamicVariables, StringComparer.Ordinal);
        foreach (var (key, value) in variables) merged[key] = value;
        var callId = "call_sim_" + Guid.NewGuid().ToString("N")[..12];
        merged["call_id"] = callId;
        return new CallContext { CallId = callId, OrganizationId = organizationId, Agent = agent, Direction = CallDirection.Simulated, Variables = merged };
    }

    /// <summary>Engines for simulated calls: the built-in tools and an in-memory journal.</summary>
    public static ResponseEngineFactory Engines() => new(new BuiltInToolRegistry(), new InMemoryToolCallJournal());

    /// <summary>Creates the engine, turning "cannot run" into a one-line CLI error.</summary>
    public static IResponseEngine CreateEngine(ResponseEngineFactory factory, CallContext call)
    {
        try
        {
            return factory.Create(call);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new CliException(e.Message.Split(" (Parameter")[0]);
        }
    }

    /// <summary>Parses repeated <c>--var key=value</c> options.</summary>
    public static Dictionary<string, string> Variables(IEnumerable<string>? pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0) throw new CliException($"--var '{pair}' is not key=value.");
            result[pair[..at]] = pair[(at + 1)..];
        }
        return result;
    }
}
