using System.Text.RegularExpressions;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>What a media-stream transfer can dial: a phone number or a SIP URI (every vendor's REST API takes both).</summary>
internal static partial class TransferTargets
{
    /// <summary>A number the vendor dials on the PSTN (<c>+15551234567</c>; digits alone are passed on as they are).</summary>
    public static bool IsPhoneNumber(string target) => PhoneNumber().IsMatch(target);

    /// <summary>A <c>sip:</c> (or <c>sips:</c>) URI the vendor dials over SIP.</summary>
    public static bool IsSipUri(string target) =>
        target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("sips:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="target"/> cannot be dialled, or null when it can.</summary>
    public static string? Problem(string target) =>
        IsPhoneNumber(target) || IsSipUri(target) ? null : $"'{target}' is neither a phone number nor a SIP URI.";

    [GeneratedRegex(@"^\+?[0-9]{3,20}$")]
    private static partial Regex PhoneNumber();
}
