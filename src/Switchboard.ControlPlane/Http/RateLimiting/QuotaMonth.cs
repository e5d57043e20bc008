using System.Globalization;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>A calendar month in UTC, the period of the monthly request quota.</summary>
/// <remarks>Immutable value type.</remarks>
internal readonly record struct QuotaMonth
{
    /// <summary>Creates a month.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 2000–9998 or the month outside 1–12.</exception>
    public QuotaMonth(int year, int month)
    {
        // 9998 keeps EndUtc (the first instant of the next month) representable.
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        Year = year;
        Month = month;
    }

    /// <summary>Calendar year.</summary>
    public int Year { get; }

    /// <summary>Month of the year, 1–12.</summary>
    public int Month { get; }

    /// <summary>First instant of the month, UTC.</summary>
    public DateTimeOffset StartUtc => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>First instant of the next month, UTC (exclusive end).</summary>
    public DateTimeOffset EndUtc => StartUtc.AddMonths(1);

    /// <summary>The month containing <paramref name="instant"/>, converted to UTC first.</summary>
    public static QuotaMonth Containing(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new QuotaMonth(utc.Year, utc.Month);
    }

    /// <summary>The current month according to <paramref name="timeProvider"/>.</summary>
    public static QuotaMonth Current(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Containing(timeProvider.GetUtcNow());
    }

    /// <summary><c>yyyy-MM</c>, as used in store keys.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
