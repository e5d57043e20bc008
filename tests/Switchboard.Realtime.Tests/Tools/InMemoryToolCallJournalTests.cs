using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.Tests.Tools;

public sealed class InMemoryToolCallJournalTests
{
    private static readonly ToolInvocation Invocation = new(
        new CallContext { CallId = "c", OrganizationId = "o", Agent = new AgentDefinition { Id = "a", Engine = ResponseEngineKind.Llm } },
        "c:t1", "book", default);

    [Fact]
    public async Task Begin_records_the_call_and_returns_the_stored_result_once_completed()
    {
        var journal = new InMemoryToolCallJournal();

        Assert.Null(await journal.BeginAsync(Invocation, CancellationToken.None));
        Assert.NotNull(journal.Find("c:t1"));
        Assert.Null(journal.Find("c:t1")!.Result);

        await journal.CompleteAsync(Invocation, new ToolResult("booked"), TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal("booked", (await journal.BeginAsync(Invocation, CancellationToken.None))?.Content);
        Assert.Single(journal.Entries);
    }

    [Fact]
    public async Task An_empty_idempotency_key_is_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(async () => await new InMemoryToolCallJournal().BeginAsync(Invocation with { IdempotencyKey = "" }, CancellationToken.None));
}
