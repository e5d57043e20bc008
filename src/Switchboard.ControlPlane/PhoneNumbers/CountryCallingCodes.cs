namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// The shape of ITU-T E.164 country calling codes. Codes are prefix-free (no code begins another), which is what
/// lets a number's country be found by prefix. Rather than list all ~200 codes, this knows the 1- and 2-digit ones
/// (ITU-T E.164 Annex to OB 1000): every other valid code has 3 digits and does not start with one of them.
/// </summary>
internal static class CountryCallingCodes
{
    private static readonly HashSet<string> OneDigit = new(StringComparer.Ordinal) { "1", "7" };

    private static readonly HashSet<string> TwoDigit = new(StringComparer.Ordinal)
    {
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
        "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    };

    /// <summary>
    /// Whether <paramref name="code"/> can be a country calling code: digits only, no leading zero, and of the length
    /// its leading digits imply. Spare 3-digit codes pass; they match no real number, which is harmless.
    /// </summary>
    public static bool IsWellFormed(string? code)
    {
        if (code is null || code.Length is < 1 or > 3 || code[0] == '0') return false;
        foreach (var c in code)
        {
            if (c is < '0' or > '9') return false;
        }
        return code.Length switch
        {
            1 => OneDigit.Contains(code),
            2 => TwoDigit.Contains(code),
            _ => !OneDigit.Contains(code[..1]) && !TwoDigit.Contains(code[..2]),
        };
    }
}
