using Microsoft.Extensions.Time.Testing;
using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

public sealed class QuotaMonthTests
{
    [Fact]
    public void Month_is_taken_in_utc()
    {
        // 23:30 on 31 December in UTC-5 is already January in UTC.
        var instant = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(-5));
        Assert.Equal(new QuotaMonth(2027, 1), QuotaMonth.Containing(instant));
        Assert.Equal(new QuotaMonth(2026, 11), QuotaMonth.Current(new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero))));
    }

    [Fact]
    public void Bounds_and_text_form()
    {
        var month = new QuotaMonth(2028, 2);
        Assert.Equal(new DateTimeOffset(2028, 2, 1, 0, 0, 0, TimeSpan.Zero), month.StartUtc);
        Assert.Equal(new DateTimeOffset(2028, 3, 1, 0, 0, 0, TimeSpan.Zero), month.EndUtc);
        Assert.Equal("2028-02", month.ToString());
        Assert.Equal(new DateTimeOffset(2029, 1, 1, 0, 0, 0, TimeSpan.Zero), new QuotaMonth(2028, 12).EndUtc);
    }

    [Theory]
    [InlineData(1999, 1)]
    [InlineData(9999, 1)]
    [InlineData(2026, 0)]
    [InlineData(2026, 13)]
    public void Out_of_range_values_are_rejected(int year, int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuotaMonth(year, month));
    }
}
