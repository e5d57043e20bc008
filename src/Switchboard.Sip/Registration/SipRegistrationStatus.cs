namespace Switchboard.Sip.Registration;

/// <summary>One change of a registration's state. Immutable.</summary>
/// <param name="State">The new state.</param>
/// <param name="StatusCode">The final response that caused it (0 when none).</param>
/// <param name="Expires">The granted lifetime when <see cref="SipRegistrationState.Registered"/>, else zero.</param>
public sealed record SipRegistrationStatus(SipRegistrationState State, int StatusCode, TimeSpan Expires);
