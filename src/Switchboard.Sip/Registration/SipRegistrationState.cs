namespace Switchboard.Sip.Registration;

/// <summary>Where a <see cref="SipRegistrationClient"/> stands.</summary>
public enum SipRegistrationState
{
    /// <summary>Not started yet, or stopped.</summary>
    Unregistered,

    /// <summary>A REGISTER is in flight (first one, refresh, or retry after a failure).</summary>
    Registering,

    /// <summary>The registrar accepted us; a refresh is scheduled before expiry.</summary>
    Registered,

    /// <summary>The last attempt failed (rejected, challenge we cannot answer, timeout); a retry is scheduled.</summary>
    Failed,
}
