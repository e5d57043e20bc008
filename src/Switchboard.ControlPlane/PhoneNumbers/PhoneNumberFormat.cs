using System.Text.RegularExpressions;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// The two shapes a number takes: E.164 (<c>+15550100</c>) for the telephone network, or a SIP user part
/// (<c>1000</c>, <c>sales-line</c>) for calls made straight to this server. Pure and thread-safe.
/// </summary>
internal static partial class PhoneNumberFormat
{
    public const int MaxUserPartLength = 64;

    /// <summary>
    /// The stored form of <paramref name="input"/>, or null when it is neither E.164 nor a SIP user part. Phone-looking
    /// input (only digits, <c>+</c> and the punctuation people type between digit groups) loses its spaces, dashes,
    /// dots and parentheses (and an international number its bracketed national prefix "(0)"); anything else must
    /// already be a valid user part, whose dots and dashes are meaningful.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (input is null) return null;
        var text = input.Trim();
        if (text.Length == 0 || text.Length > 100) return null;
        if (PhoneLooking().IsMatch(text))
        {
            // "+44 (0)20 7946 0000": the bracketed 0 is the national trunk prefix, which is never dialled after a
            // country code; keeping it would store a different (wrong) number.
            if (text.StartsWith('+')) text = text.Replace("(0)", "", StringComparison.Ordinal);
            text = Punctuation().Replace(text, "");
        }
        if (text.StartsWith('+')) return E164().IsMatch(text) ? text : null;
        return UserPart().IsMatch(text) ? text : null;
    }

    /// <summary>Whether <paramref name="normalized"/> is an E.164 number (as opposed to a SIP user part).</summary>
    public static bool IsE164(string normalized) => E164().IsMatch(normalized);

    /// <summary>
    /// The stored forms a dialled number may match, best first: itself, then the same digits with the leading
    /// <c>+</c> added or removed — carriers send E.164 with or without it. Empty when the input is not a number.
    /// </summary>
    public static string[] LookupCandidates(string? dialled)
    {
        var normalized = Normalize(dialled);
        if (normalized is null) return [];
        if (normalized.StartsWith('+')) return [normalized, normalized[1..]];
        return E164().IsMatch("+" + normalized) ? [normalized, "+" + normalized] : [normalized];
    }

    // E.164: a country code never starts with 0, and the whole number has at most 15 digits.
    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserPart();

    [GeneratedRegex(@"^\+?[0-9 ().-]*[0-9][0-9 ().-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneLooking();

    [GeneratedRegex(@"[ ().-]", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();
}
