using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Realtime.ResponseEngines.Llm;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.Tests.ResponseEngines.Llm;

public sealed class ToolCallRunnerTests
{
    private static readonly CallContext Call = new()
    {
        CallId = "call-9",
        OrganizationId = "org",
        Agent = new AgentDefinition { Id = "a", Engine = ResponseEngineKind.Llm },
    };

    private sealed class ThrowingRegistry : IToolRegistry
    {
        public int Runs { get; private set; }

        public ValueTask<IReadOnlyList<ToolDefinition>> GetToolsAsync(CallContext call, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<ToolDefinition>>([]);

        public ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
        {
            Runs++;
            throw new InvalidOperationException("database unreachable");
        }
    }

    private sealed class BrokenJournal : IToolCallJournal
    {
        public ValueTask<ToolResult?> BeginAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
            throw new IOException("disk full");

        public ValueTask CompleteAsync(ToolInvocation invocation, ToolResult result, TimeSpan elapsed, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }

    private static FunctionCallContent FunctionCall(string id) => new(id, "book", new Dictionary<string, object?> { ["day"] = JsonDocument.Parse("\"monday\"").RootElement.Clone() });

    [Fact]
    public async Task A_throwing_tool_becomes_an_error_result_and_is_journaled()
    {
        var registry = new ThrowingRegistry();
        var journal = new InMemoryToolCallJournal();
        var runner = new ToolCallRunner(Call, registry, journal, CancellationToken.None);

        var (invocation, begun, outcome) = runner.Start(FunctionCall("t1"));

        Assert.False(await begun);
        var result = (await outcome).Result;
        Assert.Equal("call-9:t1", invocation.IdempotencyKey);
        Assert.Equal("monday", invocation.Arguments.GetProperty("day").GetString());
        Assert.True(result.IsError);
        Assert.Contains("database unreachable", result.Content, StringComparison.Ordinal);
        Assert.True(journal.Find("call-9:t1")?.Result?.IsError);
    }

    [Fact]
    public async Task A_call_the_journal_cannot_record_does_not_run()
    {
        var registry = new ThrowingRegistry();
        var runner = new ToolCallRunner(Call, registry, new BrokenJournal(), CancellationToken.None);

        var (_, _, outcome) = runner.Start(FunctionCall("t2"));

        Assert.True((await outcome).Result.IsError);
        Assert.Equal(0, registry.Runs);
    }

    [Fact]
    public async Task Unparseable_arguments_are_reported_to_the_model_without_running()
    {
        var registry = new ThrowingRegistry();
        var runner = new ToolCallRunner(Call, registry, new InMemoryToolCallJournal(), CancellationToken.None);
        var call = new FunctionCallContent("t3", "book") { Exception = new JsonException("unexpected end") };

        var (_, _, outcome) = runner.Start(call);

        Assert.Contains("not valid JSON", (await outcome).Result.Content, StringComparison.Ordinal);
        Assert.Equal(0, registry.Runs);
    }
}
