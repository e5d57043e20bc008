using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.ResponseEngines.Flow;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.Tests.ResponseEngines.Flow;

/// <summary>Builds a call around a flow and drives the engine turn by turn, collecting what it emits.</summary>
internal static class FlowHarness
{
    /// <summary>A Tuesday, so "today"/"tomorrow" are fixed.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static CallContext Call(JsonElement flow, IReadOnlyDictionary<string, string>? variables = null, TimeProvider? time = null) => new()
    {
        CallId = "call_1",
        OrganizationId = "org_1",
        Agent = new AgentDefinition { Id = "agent_1", Engine = ResponseEngineKind.Flow, Flow = flow },
        Variables = variables ?? new Dictionary<string, string>(),
        Time = time ?? new FakeTimeProvider(Now),
    };

    public static FlowResponseEngine Engine(string flowJson, IToolRegistry? tools = null, IToolCallJournal? journal = null,
        IChatClient? chat = null, IReadOnlyDictionary<string, string>? variables = null) =>
        new(Call(Json(flowJson), variables), tools, journal, chat);

    public static Task<List<ResponseEvent>> Collect(this FlowResponseEngine engine, IAsyncEnumerable<ResponseEvent> events) => Collect(events);

    public static async Task<List<ResponseEvent>> Collect(IAsyncEnumerable<ResponseEvent> events)
    {
        var list = new List<ResponseEvent>();
        await foreach (var e in events) list.Add(e);
        return list;
    }

    public static Task<List<ResponseEvent>> Start(this FlowResponseEngine engine) => Collect(engine.StartAsync(CancellationToken.None));

    public static Task<List<ResponseEvent>> Say(this FlowResponseEngine engine, string text) =>
        Collect(engine.RespondAsync(UserTurn.Speech(text), CancellationToken.None));

    public static Task<List<ResponseEvent>> Press(this FlowResponseEngine engine, string digits) =>
        Collect(engine.RespondAsync(UserTurn.Keypad(digits), CancellationToken.None));

    public static Task<List<ResponseEvent>> Silence(this FlowResponseEngine engine, int count = 1) =>
        Collect(engine.NoInputAsync(count, CancellationToken.None));

    public static string Spoken(this IEnumerable<ResponseEvent> events) =>
        string.Concat(events.OfType<TextDelta>().Select(t => t.Text));

    public static string[] Nodes(this IEnumerable<ResponseEvent> events) =>
        [.. events.OfType<NodeEntered>().Select(n => n.NodeId)];

    public static CallAction? Action(this IEnumerable<ResponseEvent> events) => events.OfType<CallAction>().SingleOrDefault();
}
