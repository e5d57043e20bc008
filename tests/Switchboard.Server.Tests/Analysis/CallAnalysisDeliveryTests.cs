using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Analysis;
using Switchboard.ControlPlane.Data;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.Webhooks;

namespace Switchboard.Server.Tests.Analysis;

/// <summary>Where results go and who runs a job: the agent's own URL, a re-run racing a run, several nodes on PostgreSQL.</summary>
public sealed class CallAnalysisDeliveryTests
{
    private const string Answer = """{"summary":"Booked.","fields":{"booked":true,"service":"cleaning","day":"Tuesday","party_size":2}}""";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_agents_webhook_url_gets_call_analyzed_like_its_other_call_events(string provider)
    {
        await using var host = await AnalysisHost.StartAsync(provider);
        await using var agentReceiver = await WebhookReceiver.StartAsync();
        var agentId = await host.CreateLlmAgentAsync(webhookUrl: agentReceiver.Url);
        var callId = await host.RecordCallAsync(agentId);
        host.Answer(Answer);
        Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));

        await host.DrainWebhooksAsync();
        var types = agentReceiver.Received.Select(r => (string)r.Json["type"]!).ToList();
        Assert.Equal("call.analyzed", types[^1]);
        var analyzed = agentReceiver.Received[^1].Json["data"]!;
        Assert.Equal(callId, (string)analyzed["call_id"]!);
        Assert.True((bool)analyzed["analysis"]!["booked"]!);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_rerun_requested_while_a_run_is_under_way_wins_over_that_runs_result(string provider)
    {
        await using var host = await AnalysisHost.StartAsync(provider);
        var agentId = await host.CreateLlmAgentAsync();
        var callId = await host.RecordCallAsync(agentId);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.AnswerAfter(release.Task, """{"summary":"Stale.","fields":{"booked":null,"service":null,"day":null,"party_size":null}}""");

        var running = host.Worker.RunOnceAsync(CancellationToken.None);
        await host.Llm.NextArrivalAsync();
        var rerun = await host.Client.PostAsync($"/api/v1/calls/{callId}/analysis", null);
        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        release.SetResult();
        Assert.Equal(1, await running);

        var afterStale = (await host.CallAsync(callId))["call_analysis"]!;
        Assert.Equal("pending", (string)afterStale["status"]!);
        Assert.Null(afterStale["summary"]);

        host.Answer(Answer);
        Assert.Equal(1, await host.Worker.RunOnceAsync(CancellationToken.None));
        Assert.Equal("Booked.", (string)(await host.CallAsync(callId))["call_analysis"]!["summary"]!);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_claimed_job_is_not_claimed_again_until_its_lease_ends(string provider)
    {
        await using var host = await AnalysisHost.StartAsync(provider);
        var agentId = await host.CreateLlmAgentAsync();
        var callId = await host.RecordCallAsync(agentId);
        await using var scope = host.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var now = host.Time.GetUtcNow();

        Assert.Equal([callId], await AnalysisClaimer.ClaimAsync(db, now, TimeSpan.FromMinutes(5), 10, CancellationToken.None));
        Assert.Empty(await AnalysisClaimer.ClaimAsync(db, now.AddMinutes(4), TimeSpan.FromMinutes(5), 10, CancellationToken.None));
        Assert.Equal([callId], await AnalysisClaimer.ClaimAsync(db, now.AddMinutes(6), TimeSpan.FromMinutes(5), 10, CancellationToken.None));
    }

    [Fact]
    public async Task On_postgresql_a_job_locked_by_another_node_is_skipped_not_waited_for()
    {
        if (TestEnvironment.Postgres is null)
        {
            Assert.False(TestEnvironment.RequireServices, "SWITCHBOARD_TEST_POSTGRES is not set but services are required.");
            return;
        }
        await using var host = await AnalysisHost.StartAsync(Providers.Postgres);
        var agentId = await host.CreateLlmAgentAsync();
        var locked = await host.RecordCallAsync(agentId);
        var free = await host.RecordCallAsync(agentId);

        // "Another node" holds the first job's row in an open transaction, as its claim would.
        await using var otherScope = host.Server.Services.CreateAsyncScope();
        var other = otherScope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        await using var otherTx = await other.Database.BeginTransactionAsync();
        await other.Database.ExecuteSqlRawAsync("SELECT 1 FROM call_analyses WHERE call_id = {0} FOR UPDATE", locked);

        await using var scope = host.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var claimed = await AnalysisClaimer.ClaimAsync(db, host.Time.GetUtcNow(), TimeSpan.FromMinutes(5), 10, CancellationToken.None);
        Assert.Equal([free], claimed);
        await otherTx.RollbackAsync();
    }
}
