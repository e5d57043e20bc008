using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.ControlPlane;
using Switchboard.ControlPlane.Functions;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;
using Switchboard.Server;

namespace Switchboard.Bench.Engine.Functions;

/// <summary>
/// Issue 7's "function execution overhead excluding the remote call": the call engine's path for one tool call
/// (<see cref="FunctionToolRegistry"/>: a scope, the function and version lookup, schema validation, templating, the
/// SSRF-guarded send, response mapping, the masked execution log row) against the bare remote call it makes (the same
/// GET to the same local receiver with a plain HttpClient). A built-in (calculator) shows the path with no remote call.
/// Sequential, one tool call at a time, after a warm-up; the real server with SQLite in a temporary directory.
/// </summary>
internal static class FunctionOverheadRun
{
    private static readonly string[] Required = ["order_id"];

    public static async Task RunAsync(BenchArgs args)
    {
        var calls = args.Int("calls", 2000);
        var warmup = Math.Max(50, calls / 10);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = cts.Token;

        await using var receiver = await StartReceiverAsync(ct);
        var receiverUrl = receiver.Urls.First();
        var dataDirectory = Directory.CreateTempSubdirectory("switchboard-fnbench-").FullName;
        await using var app = ServerHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Switchboard:DataDirectory={dataDirectory}",
            "--Outbound:AllowedHosts:0=127.0.0.1",
            "--Logging:LogLevel:Default=Warning",
        ], quiet: true);
        try
        {
            await ControlPlaneAdmin.MigrateAsync(app.Services, ct);
            var (_, organizationId, secret) = await ControlPlaneAdmin.CreateApiKeyAsync(app.Services, "fnbench", "fnbench", ["*"], 1_000_000, ct);
            await app.StartAsync(ct);
            using var api = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            // Serialized from an object: the {{order_id}} placeholder is the function's own template syntax.
            await CreateAsync(api, JsonSerializer.Serialize(new
            {
                name = "lookup_order",
                description = "Look an order up.",
                kind = "http",
                parameters = new { type = "object", properties = new { order_id = new { type = "string" } }, required = Required },
                http = new { method = "GET", url = receiverUrl + "/orders/{{order_id}}", response_mapping = new { status = "$.status" } },
            }), ct);
            await CreateAsync(api, """{"name":"calc","kind":"builtin","builtin":"calculator"}""", ct);

            var registry = new FunctionToolRegistry(app.Services.GetRequiredService<IServiceScopeFactory>());
            var call = new CallContext { CallId = "call_fnbench", OrganizationId = organizationId, Agent = new AgentDefinition { Id = "agent_fnbench", Engine = ResponseEngineKind.Flow } };
            using var raw = new HttpClient();
            var orderArgs = JsonDocument.Parse("""{"order_id":"A-1"}""").RootElement.Clone();
            var calcArgs = JsonDocument.Parse("""{"expression":"(2+3)*7/5"}""").RootElement.Clone();

            Console.WriteLine($"warm-up {warmup} of each, then {calls} measured, one at a time");
            var remote = await TimeAsync(warmup, calls, async i => (await raw.GetStringAsync(new Uri($"{receiverUrl}/orders/A-1"), ct)).Length > 0);
            var http = await TimeAsync(warmup, calls, async i =>
                !(await registry.InvokeAsync(new ToolInvocation(call, $"k{i}", "lookup_order", orderArgs), ct)).IsError);
            var builtin = await TimeAsync(warmup, calls, async i =>
                !(await registry.InvokeAsync(new ToolInvocation(call, $"c{i}", "calc", calcArgs), ct)).IsError);

            Console.WriteLine($"remote call alone (HttpClient GET):      {Percentiles.Summary(remote)}");
            Console.WriteLine($"HTTP function through the tool registry: {Percentiles.Summary(http)}");
            Console.WriteLine($"built-in calculator through the registry: {Percentiles.Summary(builtin)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"overhead of an HTTP function over its remote call: p50 {Percentiles.Of(http, 50) - Percentiles.Of(remote, 50):F3} ms, " +
                $"p99 {Percentiles.Of(http, 99) - Percentiles.Of(remote, 99):F3} ms"));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            try { Directory.Delete(dataDirectory, recursive: true); }
            catch (IOException) { /* A leftover temp directory is harmless. */ }
        }
    }

    /// <summary>Runs <paramref name="once"/> warm-up + measured times; every run must succeed (a failed run aborts the benchmark).</summary>
    private static async Task<List<double>> TimeAsync(int warmup, int calls, Func<int, Task<bool>> once)
    {
        var ms = new List<double>(calls);
        for (var i = 0; i < warmup + calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (!await once(i)) throw new InvalidOperationException($"Run {i} failed; the benchmark measures successful calls only.");
            if (i >= warmup) ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return ms;
    }

    private static async Task<WebApplication> StartReceiverAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = builder.Build();
        receiver.MapGet("/orders/{id}", (string id) => Results.Json(new { id, status = "shipped", items = new[] { new { sku = "A-1" } } }));
        await receiver.StartAsync(ct);
        return receiver;
    }

    private static async Task CreateAsync(HttpClient api, string body, CancellationToken ct)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await api.PostAsync(new Uri("/api/v1/functions", UriKind.Relative), content, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/v1/functions failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }
}
