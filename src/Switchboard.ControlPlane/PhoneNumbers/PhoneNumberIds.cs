namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>Id prefixes of the telephony objects (see Common/Ids).</summary>
internal static class PhoneNumberIds
{
    public const string SipTrunk = "trunk";
    public const string PhoneNumber = "pn";
}
