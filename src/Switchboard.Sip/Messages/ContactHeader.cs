using System.Globalization;
using Switchboard.Sip.Parsing;

namespace Switchboard.Sip.Messages;

/// <summary>
/// One Contact value (RFC 3261 §20.10): either the wildcard <c>*</c> (REGISTER removal) or an address with
/// <c>expires</c> and <c>q</c> parameters. Not thread-safe for mutation; concurrent reads are safe.
/// </summary>
public sealed class ContactHeader
{
    private ContactHeader(NameAddress? address) => Address = address;

    /// <summary>The wildcard contact <c>*</c>.</summary>
    public static ContactHeader Wildcard { get; } = new(null);

    /// <summary>Creates a contact for an address.</summary>
    public static ContactHeader For(NameAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new ContactHeader(address);
    }

    /// <summary>True for <c>Contact: *</c>.</summary>
    public bool IsWildcard => Address is null;

    /// <summary>The address; <see langword="null"/> for the wildcard.</summary>
    public NameAddress? Address { get; }

    /// <summary>The <c>expires</c> parameter in seconds (clamped to 2^32-1), if present and numeric.</summary>
    public long? Expires =>
        Address?.Parameters.GetValue("expires") is string e && IsValidExpires(e)
            ? SipSyntax.ClampedSeconds(e)
            : null;

    /// <summary>The <c>q</c> parameter (0..1), if present and valid.</summary>
    public double? Q =>
        Address?.Parameters.GetValue("q") is string q && double.TryParse(q, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) && v is >= 0 and <= 1
            ? v
            : null;

    internal static bool IsValidExpires(string? value) => value is { Length: > 0 } && value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    internal static bool IsValidQ(string? value) =>
        value is not null && value.Length <= 5 && double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) && v is >= 0 and <= 1;

    /// <inheritdoc />
    public override string ToString() => Address?.ToString() ?? "*";
}
