namespace Switchboard.Sip.Messages;

/// <summary>Method names of RFC 3261 and its common extensions. Methods are case-sensitive (RFC 3261 §7.1). Thread-safe.</summary>
public static class SipMethods
{
    /// <summary>INVITE.</summary>
    public const string Invite = "INVITE";
    /// <summary>ACK.</summary>
    public const string Ack = "ACK";
    /// <summary>BYE.</summary>
    public const string Bye = "BYE";
    /// <summary>CANCEL.</summary>
    public const string Cancel = "CANCEL";
    /// <summary>OPTIONS.</summary>
    public const string Options = "OPTIONS";
    /// <summary>REGISTER.</summary>
    public const string Register = "REGISTER";
    /// <summary>PRACK (RFC 3262).</summary>
    public const string Prack = "PRACK";
    /// <summary>SUBSCRIBE (RFC 6665).</summary>
    public const string Subscribe = "SUBSCRIBE";
    /// <summary>NOTIFY (RFC 6665).</summary>
    public const string Notify = "NOTIFY";
    /// <summary>PUBLISH (RFC 3903).</summary>
    public const string Publish = "PUBLISH";
    /// <summary>INFO (RFC 6086).</summary>
    public const string Info = "INFO";
    /// <summary>REFER (RFC 3515).</summary>
    public const string Refer = "REFER";
    /// <summary>MESSAGE (RFC 3428).</summary>
    public const string Message = "MESSAGE";
    /// <summary>UPDATE (RFC 3311).</summary>
    public const string Update = "UPDATE";

    /// <summary>All of the above.</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(
        [Invite, Ack, Bye, Cancel, Options, Register, Prack, Subscribe, Notify, Publish, Info, Refer, Message, Update],
        StringComparer.Ordinal);
}
