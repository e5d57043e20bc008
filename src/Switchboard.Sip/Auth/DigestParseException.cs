namespace Switchboard.Sip.Auth;

/// <summary>
/// Thrown when a <c>WWW-Authenticate</c>, <c>Proxy-Authenticate</c>, <c>Authorization</c> or
/// <c>Proxy-Authorization</c> header value is malformed. <see cref="Position"/> is the 0-based character index
/// where parsing stopped, or -1 when the value as a whole is at fault (e.g. a missing parameter).
/// </summary>
public sealed class DigestParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public DigestParseException(string reason, int position = -1)
        : base(position >= 0 ? $"Invalid authentication header at position {position}: {reason}" : $"Invalid authentication header: {reason}")
    {
        Reason = reason;
        Position = position;
    }

    /// <summary>Why the value was rejected.</summary>
    public string Reason { get; }

    /// <summary>0-based character index of the problem, or -1.</summary>
    public int Position { get; }
}
