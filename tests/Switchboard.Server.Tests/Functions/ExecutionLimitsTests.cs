using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Functions;
using Switchboard.ControlPlane.Functions.Builtins;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Functions;

/// <summary>The per-function timeout (on virtual time) and the 1 MB result cap, with test-only built-ins.</summary>
public sealed class ExecutionLimitsTests
{
    [Fact]
    public async Task A_function_past_its_timeout_returns_a_timeout_error_and_is_logged_as_timed_out()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var slow = new SlowBuiltin();
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, configure: b =>
        {
            b.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            b.Services.AddSingleton<IBuiltinFunction>(slow);
        });
        var key = await server.CreateKeyAsync();
        var fn = await FunctionsApiTests.CreateBuiltinAsync(key.Client, "test_slow", ""","timeout_ms":2000""");

        var pending = key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", """{"arguments":{}}""");
        await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var run = await (await pending.WaitAsync(TimeSpan.FromSeconds(30))).JsonAsync();

        Assert.Equal("timed_out", (string?)run["status"]);
        Assert.Equal("timeout", (string?)run["error"]!["code"]);
        Assert.Contains("2000 ms", (string?)run["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(2000, (double)run["latency_ms"]!);
        Assert.True(slow.SawCancellation);
        var logged = (await (await key.Client.GetAsync($"/api/v1/functions/{fn}/executions?status=timed_out")).JsonAsync())["data"]!.AsArray();
        Assert.Single(logged);
    }

    [Fact]
    public async Task A_result_over_one_megabyte_is_an_error()
    {
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite, configure: b => b.Services.AddSingleton<IBuiltinFunction>(new HugeBuiltin()));
        var key = await server.CreateKeyAsync();
        var fn = await FunctionsApiTests.CreateBuiltinAsync(key.Client, "test_huge");

        var under = await (await key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", """{"arguments":{"bytes":1000000}}""")).JsonAsync();
        Assert.Equal("succeeded", (string?)under["status"]);
        var over = await (await key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", """{"arguments":{"bytes":1048577}}""")).JsonAsync();
        Assert.Equal("result_too_large", (string?)over["error"]!["code"]);
        Assert.Null(over["result"]);

        var logged = (await (await key.Client.GetAsync($"/api/v1/functions/{fn}/executions?status=succeeded")).JsonAsync())["data"]![0]!;
        Assert.True((bool)logged["result_truncated"]!);
    }

    private sealed class SlowBuiltin : IBuiltinFunction
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool SawCancellation { get; private set; }
        public string Name => "test_slow";
        public string Description => "Never finishes on its own.";
        public string ParametersSchema => """{"type":"object"}""";
        public bool RunsOnServer => true;

        public async Task<JsonNode?> RunAsync(BuiltinInvocation invocation, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                throw;
            }
            return null;
        }
    }

    private sealed class HugeBuiltin : IBuiltinFunction
    {
        public string Name => "test_huge";
        public string Description => "Returns a string of the asked size.";
        public string ParametersSchema => """{"type":"object","properties":{"bytes":{"type":"integer"}},"required":["bytes"]}""";
        public bool RunsOnServer => true;

        // {"s":"xxx"} is 8 bytes of JSON around the string.
        public Task<JsonNode?> RunAsync(BuiltinInvocation invocation, CancellationToken cancellationToken) =>
            Task.FromResult<JsonNode?>(new JsonObject { ["s"] = new string('x', invocation.Arguments.GetProperty("bytes").GetInt32() - 8) });
    }
}
