using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Functions;
using Switchboard.ControlPlane.Functions.Builtins;

namespace Switchboard.ControlPlane.Tests.Functions;

public sealed class CurrentTimeFunctionTests
{
    private static async Task<JsonElement> RunAsync(DateTimeOffset now, string? timezone)
    {
        var function = new CurrentTimeFunction(new FakeTimeProvider(now));
        var args = JsonDocument.Parse(timezone is null ? "{}" : JsonSerializer.Serialize(new { timezone })).RootElement;
        var node = await function.RunAsync(new BuiltinInvocation("org_x", args, null, null!), CancellationToken.None);
        return JsonDocument.Parse(node!.ToJsonString()).RootElement;
    }

    [Fact]
    public async Task Berlin_in_summer_is_utc_plus_two_and_in_winter_plus_one()
    {
        var summer = await RunAsync(new DateTimeOffset(2026, 7, 1, 10, 30, 0, TimeSpan.Zero), "Europe/Berlin");
        Assert.Equal("2026-07-01T12:30:00+02:00", summer.GetProperty("local_time").GetString());
        Assert.Equal("+02:00", summer.GetProperty("utc_offset").GetString());
        Assert.True(summer.GetProperty("is_dst").GetBoolean());
        Assert.Equal("Wednesday", summer.GetProperty("day_of_week").GetString());

        var winter = await RunAsync(new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero), "Europe/Berlin");
        Assert.Equal("2026-11-25T00:30:00+01:00", winter.GetProperty("local_time").GetString());
        Assert.Equal("2026-11-25", winter.GetProperty("date").GetString());
        Assert.False(winter.GetProperty("is_dst").GetBoolean());
    }

    [Fact]
    public async Task New_York_crosses_midnight_backwards_and_utc_is_the_default()
    {
        var ny = await RunAsync(new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero), "America/New_York");
        Assert.Equal("2025-12-31T22:00:00-05:00", ny.GetProperty("local_time").GetString());
        Assert.Equal("2026-01-01T03:00:00Z", ny.GetProperty("utc_time").GetString());

        var utc = await RunAsync(new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero), null);
        Assert.Equal("UTC", utc.GetProperty("timezone").GetString());
        Assert.Equal("+00:00", utc.GetProperty("utc_offset").GetString());
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    [InlineData("Europe/")]
    [InlineData("W. Europe Standard Time")]
    public async Task Unknown_or_malformed_zones_are_a_clear_argument_error(string zone)
    {
        var ex = await Assert.ThrowsAsync<FunctionFailedException>(() => RunAsync(DateTimeOffset.UnixEpoch, zone));
        Assert.Equal(FunctionErrorCodes.InvalidArguments, ex.Code);
        Assert.Contains("IANA", ex.Message, StringComparison.Ordinal);
    }
}
