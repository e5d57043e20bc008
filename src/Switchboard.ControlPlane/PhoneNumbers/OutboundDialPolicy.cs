namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// Decides whether an outbound call to a telephone number may be placed: E.164 only, the destination's country must be
/// on the calling number's allow-list, and premium-rate ranges are refused whatever the list says (toll fraud is the
/// classic way a stolen API key costs money). Pure and thread-safe. SIP URIs to this server are not PSTN numbers and
/// are not checked here.
/// </summary>
internal static class OutboundDialPolicy
{
    public const string InvalidNumber = "invalid_number";
    public const string CountryNotAllowed = "country_not_allowed";
    public const string PremiumRate = "premium_rate";

    /// <summary>
    /// Premium-rate and similarly billed ranges, as E.164 prefixes without the <c>+</c>, from the public national
    /// numbering plans. Deliberately short: the country allow-list is the main guard; this catches the ranges that
    /// are expensive inside an allowed country. docs/phone-numbers.md lists the same table.
    /// </summary>
    internal static readonly (string Prefix, string Range)[] PremiumPrefixes =
    [
        ("1900", "NANP 1-900 premium services"),
        ("1976", "NANP 976 pay-per-call exchanges"),
        ("4487", "UK 087 service numbers"),
        ("449", "UK 09 premium rate"),
        ("49900", "Germany 0900 premium services"),
        ("49137", "Germany 0137 mass-traffic (televoting)"),
        ("3389", "France 089 premium services"),
        ("34803", "Spain 803 adult premium"),
        ("34806", "Spain 806 entertainment premium"),
        ("34807", "Spain 807 professional premium"),
        ("34905", "Spain 905 mass calling"),
        ("39899", "Italy 899 premium services"),
        ("31900", "Netherlands 0900 premium"),
        ("31906", "Netherlands 0906 premium"),
        ("31909", "Netherlands 0909 premium"),
        ("41900", "Switzerland 0900 premium"),
        ("41901", "Switzerland 0901 premium"),
        ("41906", "Switzerland 0906 adult premium"),
        ("43900", "Austria 0900 premium"),
        ("43930", "Austria 0930 premium"),
        ("43939", "Austria 0939 premium"),
        ("61190", "Australia 190x premium"),
        ("358600", "Finland 0600 premium"),
        ("358700", "Finland 0700 premium"),
        ("870", "Inmarsat (satellite, high cost)"),
        ("881", "Global Mobile Satellite System (high cost)"),
        ("882", "International Networks (high cost)"),
    ];

    /// <param name="toNumber">The destination as given (punctuation such as spaces and dashes is ignored).</param>
    /// <param name="allowedCountries">Country calling codes without <c>+</c>, e.g. <c>"1"</c>, <c>"44"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="allowedCountries"/> is null.</exception>
    public static OutboundDialDecision Check(string? toNumber, IReadOnlyList<string> allowedCountries)
    {
        ArgumentNullException.ThrowIfNull(allowedCountries);
        var number = PhoneNumberFormat.Normalize(toNumber);
        // A PSTN number needs a country code and more than one digit of subscriber number.
        if (number is null || !PhoneNumberFormat.IsE164(number) || number.Length < 8) return new(InvalidNumber, null);

        var digits = number.AsSpan(1);
        foreach (var (prefix, _) in PremiumPrefixes)
        {
            if (digits.StartsWith(prefix, StringComparison.Ordinal)) return new(PremiumRate, number);
        }
        foreach (var code in allowedCountries)
        {
            // Country codes are prefix-free, so a well-formed code that starts the number is its country.
            if (CountryCallingCodes.IsWellFormed(code) && digits.StartsWith(code, StringComparison.Ordinal)) return new(null, number);
        }
        return new(CountryNotAllowed, number);
    }
}
