namespace Switchboard.Realtime.ResponseEngines.Flow.Input;

/// <summary>
/// Reads a weekday: spoken ("tuesday", "next tuesday", "on thu", "tomorrow", "today") or pressed (1 = Monday …
/// 7 = Sunday, the order a receptionist reads them out). "today"/"tomorrow" resolve against the call's clock so tests on
/// virtual time are deterministic.
/// </summary>
internal static class DayOfWeekParser
{
    private static readonly (string Word, DayOfWeek Day)[] Names =
    [
        ("monday", DayOfWeek.Monday), ("mon", DayOfWeek.Monday),
        ("tuesday", DayOfWeek.Tuesday), ("tue", DayOfWeek.Tuesday), ("tues", DayOfWeek.Tuesday),
        ("wednesday", DayOfWeek.Wednesday), ("wed", DayOfWeek.Wednesday),
        ("thursday", DayOfWeek.Thursday), ("thu", DayOfWeek.Thursday), ("thur", DayOfWeek.Thursday), ("thurs", DayOfWeek.Thursday),
        ("friday", DayOfWeek.Friday), ("fri", DayOfWeek.Friday),
        ("saturday", DayOfWeek.Saturday), ("sat", DayOfWeek.Saturday),
        ("sunday", DayOfWeek.Sunday), ("sun", DayOfWeek.Sunday),
    ];

    /// <summary>Spoken forms for recogniser hints, Monday first.</summary>
    public static readonly IReadOnlyList<string> Phrases =
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tomorrow"];

    public static bool TryParse(string text, string digits, DateOnly today, out DayOfWeek day)
    {
        day = default;
        if (digits.Length > 0)
        {
            if (digits.Length != 1 || digits[0] is < '1' or > '7') return false;
            day = (DayOfWeek)((digits[0] - '0') % 7); // 7 → Sunday (0)
            return true;
        }

        var words = SpokenText.Words(text);
        foreach (var word in words)
        {
            // "sun"/"sat"/"wed" are also ordinary words; only accept the short forms when nothing longer matched.
            foreach (var (name, d) in Names)
            {
                if (word == name && name.Length > 3) { day = d; return true; }
            }
            if (word == "today") { day = today.DayOfWeek; return true; }
            if (word == "tomorrow") { day = today.AddDays(1).DayOfWeek; return true; }
        }
        foreach (var word in words)
        {
            foreach (var (name, d) in Names)
            {
                if (word == name) { day = d; return true; }
            }
        }
        return false;
    }
}
