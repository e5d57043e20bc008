using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Calls;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.Tests.Calls;

public sealed class CallRegistryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_registered_call_keeps_its_metadata_and_variables_once_the_session_starts_it()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        var registry = new CallRegistry(database.Contexts, new FakeTimeProvider(T0));
        var metadata = JsonDocument.Parse("""{"crm_id":"c-42","priority":2}""").RootElement;
        var id = await registry.RegisterAsync("org_a",
            new CallRegistration("agent_1", 4, "outbound", "+15550100", "+15550199", metadata, new Dictionary<string, string> { ["name"] = "Ana" }),
            default);
        Assert.StartsWith("call_", id, StringComparison.Ordinal);

        await using (var db = database.Contexts.Create("org_a"))
        {
            var registered = CallResponse.From(await db.Calls.SingleAsync(c => c.Id == id));
            Assert.Equal("registered", registered.Status);
            Assert.Equal(T0, registered.CreatedAt);
            Assert.Null(registered.StartedAt);
        }

        var recorder = new CallRecorder(database.Contexts, NullLogger<CallRecorder>.Instance);
        await recorder.OnEventAsync(new CallStarted(id, T0.AddSeconds(5), TimeSpan.Zero, "org_a", "agent_1", 4, CallDirection.Outbound, "+15550100", "+15550199"), default);
        recorder.Complete();
        await recorder.RunAsync(default);

        await using var check = database.Contexts.Create("org_a");
        var call = CallResponse.From(await check.Calls.SingleAsync(c => c.Id == id));
        Assert.Equal("in_progress", call.Status);
        Assert.Equal(T0.AddSeconds(5), call.StartedAt);
        Assert.Equal("c-42", call.Metadata!.Value.GetProperty("crm_id").GetString());
        Assert.Equal("Ana", call.DynamicVariables!["name"]);
    }

    [Fact]
    public async Task Invalid_registrations_are_refused_naming_the_field()
    {
        await using var database = await SqliteCallDatabase.CreateAsync();
        var registry = new CallRegistry(database.Contexts, new FakeTimeProvider(T0));
        var array = JsonDocument.Parse("[1]").RootElement;
        var e1 = await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync("org_a", new CallRegistration("", 1, "web", null, null, null, null), default));
        Assert.Contains("agent_id", e1.Message, StringComparison.Ordinal);
        var e2 = await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync("org_a", new CallRegistration("a", 1, "sideways", null, null, null, null), default));
        Assert.Contains("direction", e2.Message, StringComparison.Ordinal);
        var e3 = await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync("org_a", new CallRegistration("a", 1, "web", null, null, array, null), default));
        Assert.Contains("metadata", e3.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync("org_a", new CallRegistration("a", 0, "web", null, null, null, null), default));
        await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync("", new CallRegistration("a", 1, "web", null, null, null, null), default));
    }
}
