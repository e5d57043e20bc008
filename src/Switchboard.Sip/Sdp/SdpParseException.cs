namespace Switchboard.Sip.Sdp;

/// <summary>
/// Thrown when a session description (RFC 4566) is malformed or exceeds the parser's size limits.
/// <see cref="LineNumber"/> is 1-based and 0 when the problem concerns the body as a whole.
/// </summary>
public sealed class SdpParseException : FormatException
{
    /// <summary>Creates the exception for a problem on <paramref name="lineNumber"/> (0 = whole body).</summary>
    public SdpParseException(int lineNumber, string reason)
        : base(lineNumber > 0 ? $"Invalid SDP at line {lineNumber}: {reason}" : $"Invalid SDP: {reason}")
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>1-based number of the offending line, or 0 when the body as a whole is at fault.</summary>
    public int LineNumber { get; }

    /// <summary>Why the line was rejected, without the line-number prefix.</summary>
    public string Reason { get; }
}
