using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;
using Switchboard.Realtime.Tools.BuiltIns;

namespace Switchboard.Realtime.Tests.Tools;

public sealed class BuiltInToolTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 7, 14, 10, 30, 0, TimeSpan.Zero));

    private static readonly CallContext Call = new()
    {
        CallId = "call-7",
        OrganizationId = "org",
        Agent = new AgentDefinition { Id = "a", Engine = ResponseEngineKind.Llm },
        Time = Time,
    };

    private static async Task<ToolResult> InvokeAsync(string name, string argumentsJson)
    {
        using var arguments = JsonDocument.Parse(argumentsJson);
        return await new BuiltInToolRegistry().InvokeAsync(new ToolInvocation(Call, "call-7:t1", name, arguments.RootElement.Clone()), CancellationToken.None);
    }

    [Fact]
    public async Task Registry_lists_the_four_built_ins_in_a_fixed_order_with_object_schemas()
    {
        var tools = await new BuiltInToolRegistry().GetToolsAsync(Call, CancellationToken.None);

        Assert.Equal(["end_call", "transfer_call", "press_digit", "get_current_time"], tools.Select(t => t.Name));
        Assert.All(tools, t => Assert.Equal("object", t.ParametersSchema.GetProperty("type").GetString()));
    }

    [Fact]
    public void Registry_refuses_an_unknown_built_in_name() =>
        Assert.Throws<ArgumentException>(() => new BuiltInToolRegistry(["end_call", "launch_rocket"]));

    [Fact]
    public async Task End_call_asks_to_hang_up_with_its_reason()
    {
        var result = await InvokeAsync("end_call", """{"reason":"resolved"}""");
        Assert.False(result.IsError);
        Assert.Equal(new CallAction(CallActionKind.EndCall, null, "resolved"), result.Action);
    }

    [Theory]
    [InlineData("+1 (415) 555-0100", "+14155550100")]
    [InlineData("sip:frontdesk@example.com", "sip:frontdesk@example.com")]
    [InlineData("tel:+33 1 23 45 67 89", "+33123456789")]
    public async Task Transfer_call_accepts_numbers_and_sip_uris(string target, string expected)
    {
        var result = await InvokeAsync("transfer_call", JsonSerializer.Serialize(new { target }));
        Assert.False(result.IsError, result.Content);
        Assert.Equal(new CallAction(CallActionKind.Transfer, expected, "agent_transfer"), result.Action);
    }

    [Fact]
    public async Task Transfer_call_takes_a_warm_mode_with_a_summary()
    {
        var result = await InvokeAsync("transfer_call", """{"target":"+14155550100","mode":"warm","summary":" Jane, about her refund. "}""");
        Assert.False(result.IsError, result.Content);
        Assert.Equal(CallActionKind.Transfer, result.Action!.Kind);
        Assert.Equal(("warm", "Jane, about her refund."), (result.Action.TransferMode, result.Action.Summary));
        Assert.Contains("\"mode\":\"warm\"", result.Content, StringComparison.Ordinal);
        Assert.Equal("cold", (await InvokeAsync("transfer_call", """{"target":"+14155550100"}""")).Action!.TransferMode);
    }

    [Theory]
    [InlineData("""{"target":"+14155550100","mode":"blind"}""", "use 'cold' or 'warm'")]
    [InlineData("""{"target":"+14155550100","mode":"warm","summary":7}""", "must be a string")]
    [InlineData("""{"target":"the front desk"}""", "Invalid transfer target")]
    [InlineData("""{}""", "'target' is required")]
    [InlineData("""{"target":42}""", "must be a string")]
    [InlineData("""[1]""", "JSON object")]
    public async Task Transfer_call_explains_bad_arguments(string arguments, string expected)
    {
        var result = await InvokeAsync("transfer_call", arguments);
        Assert.True(result.IsError);
        Assert.Null(result.Action);
        Assert.Contains(expected, result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Press_digit_sends_valid_keys_uppercased()
    {
        var result = await InvokeAsync("press_digit", """{"digits":"12*#a"}""");
        Assert.Equal(new CallAction(CallActionKind.PressDigits, "12*#A", null), result.Action);
    }

    [Theory]
    [InlineData("""{"digits":"1x"}""", "Invalid digit 'X'")]
    [InlineData("""{"digits":""}""", "required")]
    [InlineData("""{"digits":"123456789012345678901234567890123"}""", "at most 32")]
    public async Task Press_digit_refuses_invalid_keys(string arguments, string expected)
    {
        var result = await InvokeAsync("press_digit", arguments);
        Assert.True(result.IsError);
        Assert.Contains(expected, result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_current_time_reads_the_call_clock_in_the_requested_zone()
    {
        var result = await InvokeAsync("get_current_time", """{"time_zone":"Europe/Paris"}""");
        using var json = JsonDocument.Parse(result.Content);
        Assert.Equal("2026-07-14T12:30:00+02:00", json.RootElement.GetProperty("local_time").GetString());
        Assert.Equal("Tuesday", json.RootElement.GetProperty("day_of_week").GetString());
    }

    [Fact]
    public async Task Get_current_time_defaults_to_utc_and_refuses_unknown_zones()
    {
        var utc = await InvokeAsync("get_current_time", "{}");
        Assert.Contains("2026-07-14T10:30:00+00:00", utc.Content, StringComparison.Ordinal);
        var bad = await InvokeAsync("get_current_time", """{"time_zone":"Mars/Olympus"}""");
        Assert.True(bad.IsError);
        Assert.Contains("Unknown time zone 'Mars/Olympus'", bad.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_tool_is_an_error_result_not_an_exception()
    {
        var result = await InvokeAsync("launch_rocket", "{}");
        Assert.True(result.IsError);
        Assert.Contains("Unknown tool 'launch_rocket'", result.Content, StringComparison.Ordinal);
    }
}
