namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>The phone numbers feature's settings, from configuration section <c>Telephony</c>.</summary>
internal sealed class PhoneNumberOptions
{
    public const string Section = "Telephony";

    /// <summary>
    /// How long a number's inbound webhook has to answer before the call goes to the weighted pick anyway; the
    /// caller hears ringing meanwhile, so this stays short.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(100, 30_000)]
    public int InboundWebhookTimeoutMs { get; set; } = 3000;
}
