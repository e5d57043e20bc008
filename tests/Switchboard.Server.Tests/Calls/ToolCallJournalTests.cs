using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Tools;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Calls;

/// <summary>The journal over call_tool_calls, on the real databases: a key runs once, however its begins race.</summary>
[Collection(ApiCollection.Name)]
public sealed class ToolCallJournalTests(ServerFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_completed_key_returns_its_stored_result_instead_of_running_again(string provider)
    {
        var (journal, org) = await SetUpAsync(provider);
        var time = new FakeTimeProvider(CallScript.T0);
        var callId = CallScript.NewCallId();
        var invocation = JournalInvocations.For(org, callId, callId + ":tc1", time);

        Assert.Null(await journal.BeginAsync(invocation, CancellationToken.None));
        var result = new ToolResult("""{"booked":true}""", Action: new CallAction(CallActionKind.Transfer, "+15550123", "booked, hand to front desk"));
        await journal.CompleteAsync(invocation, result, TimeSpan.FromMilliseconds(340), CancellationToken.None);

        var replay = await journal.BeginAsync(invocation, CancellationToken.None);
        Assert.Equal(result, replay);

        // A second completion (a replay that ran anyway) does not overwrite the first.
        await journal.CompleteAsync(invocation, ToolResult.Error("late"), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(result, await journal.BeginAsync(invocation, CancellationToken.None));

        var row = await RowAsync(provider, org, invocation.IdempotencyKey);
        Assert.Equal("completed", row.Status);
        Assert.Equal(340, row.ElapsedMs);
        Assert.Equal("transfer", row.ActionKind);
        Assert.Equal("""{"day":"tuesday","time":"10:00"}""", row.Arguments.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(1, row.Attempts);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_error_result_is_stored_and_replayed_as_an_error(string provider)
    {
        var (journal, org) = await SetUpAsync(provider);
        var invocation = JournalInvocations.For(org, CallScript.NewCallId(), "k-" + Guid.NewGuid().ToString("N"));
        Assert.Null(await journal.BeginAsync(invocation, CancellationToken.None));
        await journal.CompleteAsync(invocation, ToolResult.Error("slot taken"), TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(ToolResult.Error("slot taken"), await journal.BeginAsync(invocation, CancellationToken.None));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_key_still_running_is_not_started_twice(string provider)
    {
        var (journal, org) = await SetUpAsync(provider);
        var time = new FakeTimeProvider(CallScript.T0);
        var invocation = JournalInvocations.For(org, CallScript.NewCallId(), "k-" + Guid.NewGuid().ToString("N"), time);
        Assert.Null(await journal.BeginAsync(invocation, CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(30));
        var second = await journal.BeginAsync(invocation, CancellationToken.None);
        Assert.NotNull(second);
        Assert.True(second.IsError);
        Assert.Equal(DbToolCallJournal.InProgressMessage, second.Content);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Concurrent_begins_of_one_key_start_it_exactly_once(string provider)
    {
        var (journal, org) = await SetUpAsync(provider);
        var time = new FakeTimeProvider(CallScript.T0);
        var invocation = JournalInvocations.For(org, CallScript.NewCallId(), "k-" + Guid.NewGuid().ToString("N"), time);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await journal.BeginAsync(invocation, CancellationToken.None))));

        Assert.Single(results, r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(DbToolCallJournal.InProgressMessage, r!.Content));
        var row = await RowAsync(provider, org, invocation.IdempotencyKey);
        Assert.Equal(1, row.Attempts);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_interrupted_start_is_taken_over_by_exactly_one_retry_after_the_lease(string provider)
    {
        var (journal, org) = await SetUpAsync(provider);
        var time = new FakeTimeProvider(CallScript.T0);
        var invocation = JournalInvocations.For(org, CallScript.NewCallId(), "k-" + Guid.NewGuid().ToString("N"), time);
        Assert.Null(await journal.BeginAsync(invocation, CancellationToken.None));

        time.Advance(DbToolCallJournal.Lease + TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await journal.BeginAsync(invocation, CancellationToken.None))));

        Assert.Single(results, r => r is null);
        var row = await RowAsync(provider, org, invocation.IdempotencyKey);
        Assert.Equal(2, row.Attempts);
        Assert.Equal("started", row.Status);

        await journal.CompleteAsync(invocation, new ToolResult("ok"), TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.Equal(new ToolResult("ok"), await journal.BeginAsync(invocation, CancellationToken.None));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_key_of_another_organization_is_refused_not_shared(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var journal = server.Services.GetRequiredService<IToolCallJournal>();
        var a = await server.CreateKeyAsync();
        var b = await server.CreateKeyAsync();
        var key = "k-" + Guid.NewGuid().ToString("N");
        var callId = CallScript.NewCallId();
        Assert.Null(await journal.BeginAsync(JournalInvocations.For(a.OrganizationId, callId, key), CancellationToken.None));
        await journal.CompleteAsync(JournalInvocations.For(a.OrganizationId, callId, key), new ToolResult("A's secret"), TimeSpan.Zero, CancellationToken.None);

        await Assert.ThrowsAsync<ToolCallJournalException>(async () =>
            await journal.BeginAsync(JournalInvocations.For(b.OrganizationId, callId, key), CancellationToken.None));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Invalid_invocations_are_refused_with_argument_exceptions(string provider)
    {
        var (journal, org) = await SetUpAsync(provider);
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await journal.BeginAsync(null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await journal.BeginAsync(JournalInvocations.For(org, "call_x", ""), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await journal.BeginAsync(JournalInvocations.For(org, "call_x", new string('k', 201)), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await journal.BeginAsync(JournalInvocations.For("", "call_x", "k"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await journal.CompleteAsync(JournalInvocations.For(org, "call_x", "k"), new ToolResult("x"), TimeSpan.FromSeconds(-1), CancellationToken.None));
    }

    private async Task<(IToolCallJournal Journal, string OrganizationId)> SetUpAsync(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        return (server.Services.GetRequiredService<IToolCallJournal>(), key.OrganizationId);
    }

    private async Task<CallToolCall> RowAsync(string provider, string organizationId, string key)
    {
        var server = await fixture.GetAsync(provider);
        await using var db = server.Services.GetRequiredService<OrganizationDbContextFactory>().Create(organizationId);
        return await db.CallToolCalls.AsNoTracking().SingleAsync(x => x.IdempotencyKey == key);
    }
}
