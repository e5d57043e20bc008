using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// Issue 7's crash test on the real executable: a burst of events to several endpoints, the server killed with
/// SIGKILL a third of the way in and started again on the same database, while the senders go on. Every event the API
/// acknowledged (202) reaches the receiver; a duplicate, if any, is the same <c>webhook-id</c> again. CI sends 1,500
/// events; <c>SWITCHBOARD_TEST_CRASH_EVENTS=10000</c> runs the full burst (so does
/// <c>bench/webhooks/crash-test.sh</c>).
/// </summary>
public sealed class WebhookCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Endpoints = 4;
    private const int Senders = 8;
    private readonly string _dir = Directory.CreateTempSubdirectory("sb-crash-").FullName;

    private static int Events =>
        int.TryParse(Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_CRASH_EVENTS"), out var n) && n > 0 ? n : 1500;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_sigkill_during_a_burst_loses_no_acknowledged_event(string provider)
    {
        var database = provider == Providers.Postgres ? await TestDatabases.CreatePostgresAsync() : null;
        try
        {
            await RunAsync(database);
        }
        finally
        {
            if (database is not null) await TestDatabases.DropPostgresAsync(database);
        }
    }

    private async Task RunAsync(string? database)
    {
        var args = new List<string>
        {
            "--Switchboard:DataDirectory=" + Path.Combine(_dir, "data"),
            "--Switchboard:ApiKeyPepper=crash-test-pepper-0123456789abcdef0123456789",
            "--Outbound:AllowedHosts:0=127.0.0.1", "--Sip:Enabled=false",
            // On PostgreSQL what the killed node had claimed waits out its lease (60 s by default) before it is sent again.
            "--Webhooks:LeaseSeconds=20",
            "--Switchboard:RateLimits:PerKeyPerMinute=1000000", "--Switchboard:RateLimits:PerOrganizationPerMinute=10000000",
        };
        if (database is not null) args.Add("--ConnectionStrings:Switchboard=" + TestDatabases.PostgresConnection(database));
        var created = await CliRunner.RunAsync(_dir, ["admin", "create-api-key", "--org", "crash", "--name", "crash", .. args]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        var key = created.Stdout.TrimEnd().Split('\n')[^1].Trim();

        await using var receiver = await WebhookReceiver.StartAsync();
        var port = ServerProcess.FreePort();
        await using var first = await ServerProcess.StartAsync(_dir, port, args);
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ServerProcess? second = null;
        try
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var endpointIds = new List<string>();
            for (var i = 0; i < Endpoints; i++)
            {
                var response = await http.PostAsync("/api/v1/webhooks", Json($$"""{"url":"{{receiver.BaseUrl}}/e{{i}}"}"""));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                endpointIds.Add((string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!);
            }

            var acked = new ConcurrentQueue<string>();
            var next = -1;
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var killAt = Events / 3;
            var killed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            async Task SendAsync()
            {
                for (var n = Interlocked.Increment(ref next); n < Events; n = Interlocked.Increment(ref next))
                {
                    // A request that fails while the server is down is sent again, as a real client would.
                    while (true)
                    {
                        deadline.Token.ThrowIfCancellationRequested();
                        var eventId = await TrySendAsync(http, endpointIds[n % Endpoints], deadline.Token);
                        if (eventId is not null)
                        {
                            acked.Enqueue(eventId);
                            if (acked.Count >= killAt) killed.TrySetResult(acked.Count);
                            break;
                        }
                        await killed.Task.WaitAsync(deadline.Token);
                        await restarted.Task.WaitAsync(deadline.Token);
                    }
                }
            }
            var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(SendAsync)).ToArray();

            var ackedAtKill = await killed.Task.WaitAsync(deadline.Token);
            await first.KillAsync();
            try
            {
                second = await ServerProcess.StartAsync(_dir, port, args);
                restarted.TrySetResult();
            }
            catch (Exception ex)
            {
                restarted.TrySetException(ex);
                throw;
            }
            try
            {
                await Task.WhenAll(senders);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The burst did not finish in 5 minutes: {acked.Count} of {Events} acknowledged. Server after the restart:\n{Tail(second)}");
            }
            Assert.True(ackedAtKill < Events, "The kill came after the burst, so it proves nothing.");
            Assert.Equal(Events, acked.Count);

            var expected = acked.ToHashSet(StringComparer.Ordinal);
            while (true)
            {
                // One snapshot for both: requests that arrive meanwhile must not raise the count waited for.
                var snapshot = receiver.Received;
                var missing = expected.Except(snapshot.Select(r => r.Id), StringComparer.Ordinal).ToList();
                if (missing.Count == 0) break;
                // Every missing event is at least one more request to come: wait for that many, then look again.
                try
                {
                    await receiver.WaitForAsync(snapshot.Count + missing.Count, deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    var pending = new StringBuilder();
                    foreach (var id in endpointIds)
                    {
                        pending.AppendLine(await http.GetStringAsync($"/api/v1/webhooks/{id}/deliveries?outcome=pending"));
                        var failed = await http.GetStringAsync($"/api/v1/webhooks/{id}/deliveries?outcome=failed");
                        pending.AppendLine("failed: " + failed[..Math.Min(failed.Length, 3000)]);
                    }
                    Assert.Fail($"{missing.Count} acknowledged events never arrived (e.g. {missing[0]}). Pending deliveries:\n{pending}\n" +
                        $"Server after the restart:\n{Tail(second)}");
                }
            }
            var received = receiver.Received.Select(r => r.Id).ToList();
            var distinct = received.Distinct().Count();
            output.WriteLine($"SIGKILL after {ackedAtKill} acknowledged; {expected.Count} acknowledged, {distinct} distinct received " +
                $"({received.Count - distinct} duplicates, same webhook-id), 0 lost.");
            // Extra events can only be ones committed just before the kill whose 202 never reached the sender.
            Assert.True(distinct - expected.Count <= Senders, "More unacknowledged events arrived than requests were in flight.");
        }
        finally
        {
            if (second is not null) await second.DisposeAsync();
        }
    }

    private static async Task<string?> TrySendAsync(HttpClient http, string endpointId, CancellationToken ct)
    {
        try
        {
            using var response = await http.PostAsync($"/api/v1/webhooks/{endpointId}/test", Json("""{"event_type":"call.ended"}"""), ct);
            if (response.StatusCode != HttpStatusCode.Accepted) return null;
            return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["event_id"];
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static string Tail(ServerProcess? server) => server is null ? "(not started)" : server.Output[^Math.Min(server.Output.Length, 8000)..];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
