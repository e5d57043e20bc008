using Microsoft.Extensions.Logging;
using Switchboard.Realtime.ResponseEngines.Flow;
using Switchboard.Realtime.ResponseEngines.Ivr;
using Switchboard.Realtime.ResponseEngines.Llm;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.ResponseEngines;

/// <summary>Builds the response engine an agent asks for, with the tools and journal of the place it runs in.</summary>
/// <remarks>Thread-safe; one per host.</remarks>
public sealed class ResponseEngineFactory(IToolRegistry tools, IToolCallJournal journal, ILoggerFactory? loggers = null)
{
    private readonly IToolRegistry _tools = tools ?? throw new ArgumentNullException(nameof(tools));
    private readonly IToolCallJournal _journal = journal ?? throw new ArgumentNullException(nameof(journal));

    /// <summary>The engine for <paramref name="call"/>'s agent. The caller owns and disposes it.</summary>
    /// <exception cref="InvalidOperationException">The agent cannot run here (an LLM without a key, no flow or menu).</exception>
    /// <exception cref="ArgumentException">The agent's flow or menu is invalid; the message lists every problem.</exception>
    public IResponseEngine Create(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var agent = call.Agent;
        switch (agent.Engine)
        {
            case ResponseEngineKind.Llm:
                var settings = agent.Llm ?? throw new InvalidOperationException($"Agent {agent.Id} is an LLM agent without LLM settings.");
                return new LlmResponseEngine(call, CreateChatClient(settings), _tools, _journal,
                    logger: loggers?.CreateLogger<LlmResponseEngine>());
            case ResponseEngineKind.Flow:
                if (agent.Flow is null) throw new InvalidOperationException($"Agent {agent.Id} is a flow agent without a flow.");
                return new FlowResponseEngine(call, _tools, _journal, agent.Llm is { } flowLlm ? CreateChatClient(flowLlm) : null);
            case ResponseEngineKind.Ivr:
                if (agent.IvrMenu is null) throw new InvalidOperationException($"Agent {agent.Id} starts in an IVR menu that was not loaded.");
                return new IvrResponseEngine(call);
            default:
                throw new InvalidOperationException($"Unknown engine kind {agent.Engine}.");
        }
    }

    /// <summary>The engine an IVR menu hands the call to: the agent's own LLM or flow (<see cref="AgentDefinition.AfterIvr"/>).</summary>
    /// <exception cref="InvalidOperationException">The agent has nothing to hand over to.</exception>
    public IResponseEngine HandOver(CallContext call, string? target)
    {
        ArgumentNullException.ThrowIfNull(call);
        var next = call.Agent.AfterIvr
            ?? throw new InvalidOperationException($"The IVR menu hands over to '{target ?? "the agent"}', but agent {call.Agent.Id} has no LLM or flow after its menu.");
        return Create(call with { Agent = next });
    }

    private Microsoft.Extensions.AI.IChatClient CreateChatClient(LlmSettings settings)
    {
        // A public endpoint without a key can only fail; say so before the call instead of speaking the fallback line.
        if (settings.BaseUrl is null && string.IsNullOrEmpty(settings.ApiKey))
            throw new InvalidOperationException($"No API key for the {settings.Provider} provider: set it in Llm:Providers:{settings.Provider}:ApiKey or the provider's environment variable.");
        return LlmClientFactory.Create(settings, loggers);
    }
}
