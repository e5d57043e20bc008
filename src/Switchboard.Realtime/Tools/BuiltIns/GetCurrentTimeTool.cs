using System.Globalization;

namespace Switchboard.Realtime.Tools.BuiltIns;

/// <summary><c>get_current_time</c>: the current date and time in an IANA time zone (UTC when none is given).</summary>
internal sealed class GetCurrentTimeTool : IBuiltInTool
{
    public const string Name = "get_current_time";

    public ToolDefinition Definition { get; } = new(
        Name,
        "Get the current date and time. Optionally in an IANA time zone such as America/New_York; UTC otherwise.",
        ToolArguments.Schema("""
            {"type":"object","properties":{"time_zone":{"type":"string","description":"IANA time zone name, e.g. Europe/Paris. Default: UTC."}},"additionalProperties":false}
            """));

    public ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (!ToolArguments.TryGetOptionalString(invocation.Arguments, "time_zone", out var zoneId, out var error))
            return ValueTask.FromResult(ToolResult.Error(error));

        var zone = TimeZoneInfo.Utc;
        if (zoneId is not null && !TryFindZone(zoneId, out zone))
            return ValueTask.FromResult(ToolResult.Error($"Unknown time zone '{zoneId}': use an IANA name such as America/New_York or Europe/Paris."));

        // The call's clock, so tests and simulations on virtual time see the time they set.
        var now = invocation.Call.Time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var values = new Dictionary<string, string>
        {
            ["time_zone"] = zoneId ?? "UTC",
            ["local_time"] = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["day_of_week"] = local.DayOfWeek.ToString(),
        };
        return ValueTask.FromResult(new ToolResult(ToolArguments.Json(values)));
    }

    private static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
