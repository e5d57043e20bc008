using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>The current date and time in an IANA time zone, from the server's <see cref="TimeProvider"/>.</summary>
internal sealed partial class CurrentTimeFunction(TimeProvider time) : IBuiltinFunction
{
    public string Name => "get_current_time";

    public string Description => "Get the current date and time in an IANA time zone such as Europe/Berlin or America/New_York.";

    public string ParametersSchema => """
        {"type":"object","properties":{"timezone":{"type":"string","minLength":1,"maxLength":64,
         "description":"IANA time zone name, e.g. America/New_York; UTC when omitted."}},"additionalProperties":false}
        """;

    public bool RunsOnServer => true;

    public Task<JsonNode?> RunAsync(BuiltinInvocation invocation, CancellationToken cancellationToken)
    {
        var name = invocation.Arguments.TryGetProperty("timezone", out var tz) ? tz.GetString()! : "UTC";
        var zone = Resolve(name);
        var utc = time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var offset = local.Offset;
        var result = new JsonObject
        {
            ["timezone"] = zone.Id,
            ["local_time"] = local.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            ["utc_time"] = utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["date"] = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = local.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["day_of_week"] = local.DayOfWeek.ToString(),
            ["utc_offset"] = (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture),
            ["is_dst"] = zone.IsDaylightSavingTime(local),
        };
        return Task.FromResult<JsonNode?>(result);
    }

    /// <summary>Only IANA names: the shape is checked before the zone database is asked, so no path-like or Windows name reaches it.</summary>
    internal static TimeZoneInfo Resolve(string name)
    {
        if (name is "UTC" or "Etc/UTC") return TimeZoneInfo.Utc;
        if (!IanaName().IsMatch(name) || !TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            throw new FunctionFailedException(FunctionErrorCodes.InvalidArguments,
                $"'{name}' is not an IANA time zone; use a name such as Europe/Berlin, America/New_York or UTC.");
        }
        return zone;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$")]
    private static partial Regex IanaName();
}
