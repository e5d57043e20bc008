using System.Text.Json;
using Switchboard.ControlPlane.Agents;
using Switchboard.Realtime.Sessions;

namespace Switchboard.ControlPlane.Tests.Agents;

public sealed class AgentDefinitionMapperTests
{
    private static AgentConfig Llm(string provider) => new()
    {
        Name = "Support",
        ResponseEngine = new ResponseEngineConfig { Type = "llm", Provider = provider, Model = "m1", SystemPrompt = "Be brief.", BeginMessage = "Hi {{name}}" },
    };

    [Fact]
    public void A_flow_agent_gets_the_offline_defaults()
    {
        var flow = JsonDocument.Parse("""{"start":"a","nodes":[]}""").RootElement;
        var agent = AgentDefinitionMapper.Map("agent_1", 3, new AgentConfig { Name = "Desk", ResponseEngine = new ResponseEngineConfig { Type = "flow", Flow = flow } },
            new LlmOptions(), environment: _ => null);
        Assert.Equal(ResponseEngineKind.Flow, agent.Engine);
        Assert.Equal(3, agent.Version);
        Assert.Equal(("flite", "slt"), (agent.Voice.Provider, agent.Voice.VoiceId));
        Assert.Equal("pocketsphinx", agent.Stt.Provider);
        Assert.Null(agent.Llm);
        Assert.Equal("a", agent.Flow!.Value.GetProperty("start").GetString());
    }

    [Fact]
    public void An_ivr_agent_carries_its_menu_and_the_menus_id_so_the_call_can_record_its_session()
    {
        var menu = JsonDocument.Parse("""{"prompt":"Press one.","options":[{"digit":"1","action":{"type":"hangup"}}]}""").RootElement;
        var agent = AgentDefinitionMapper.Map("agent_1", 1,
            new AgentConfig { Name = "Menu", ResponseEngine = new ResponseEngineConfig { Type = "ivr", IvrMenuId = "ivr_1" } },
            new LlmOptions(), ivrMenu: menu, environment: _ => null);
        Assert.Equal(ResponseEngineKind.Ivr, agent.Engine);
        Assert.Equal("ivr_1", agent.IvrMenuId);
        Assert.Equal("Press one.", agent.IvrMenu!.Value.GetProperty("prompt").GetString());

        var flow = AgentDefinitionMapper.Map("agent_2", 1,
            new AgentConfig { Name = "Desk", ResponseEngine = new ResponseEngineConfig { Type = "flow", Flow = JsonDocument.Parse("""{"start":"a","nodes":[]}""").RootElement } },
            new LlmOptions(), environment: _ => null);
        Assert.Null(flow.IvrMenuId);
    }

    [Fact]
    public void Groq_speaks_the_openai_protocol_at_its_endpoint_with_the_environment_key()
    {
        var agent = AgentDefinitionMapper.Map("agent_1", 1, Llm("groq"), new LlmOptions(), environment: v => v == "GROQ_API_KEY" ? "gsk_test" : null);
        Assert.Equal("openai", agent.Llm!.Provider);
        Assert.Equal(new Uri("https://api.groq.com/openai/v1"), agent.Llm.BaseUrl);
        Assert.Equal("gsk_test", agent.Llm.ApiKey);
        Assert.Equal("Hi {{name}}", agent.Llm.BeginMessage);
    }

    [Fact]
    public void Configured_endpoint_and_key_win_over_defaults_and_environment()
    {
        var options = new LlmOptions();
        options.Providers["anthropic"] = new LlmProviderOptions { BaseUrl = new Uri("http://127.0.0.1:9999"), ApiKey = "configured" };
        var agent = AgentDefinitionMapper.Map("agent_1", 1, Llm("anthropic"), options, environment: _ => "from-env");
        Assert.Equal(("anthropic", "configured"), (agent.Llm!.Provider, agent.Llm.ApiKey));
        Assert.Equal(new Uri("http://127.0.0.1:9999"), agent.Llm.BaseUrl);
    }

    [Fact]
    public void An_openai_compatible_provider_without_a_base_url_is_refused_with_the_setting_to_add()
    {
        var e = Assert.Throws<ArgumentException>(() => AgentDefinitionMapper.Map("agent_1", 1, Llm("openai_compatible"), new LlmOptions(), environment: _ => null));
        Assert.Contains("Llm:Providers:openai_compatible:BaseUrl", e.Message);
    }
}
