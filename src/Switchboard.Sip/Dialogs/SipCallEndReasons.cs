namespace Switchboard.Sip.Dialogs;

/// <summary>The reasons carried by <see cref="SipCallEventKind.Ended"/>, and the mapping from final statuses.</summary>
public static class SipCallEndReasons
{
    /// <summary>The peer sent BYE.</summary>
    public const string RemoteHangup = "remote_hangup";

    /// <summary>We sent BYE (or CANCEL for our own unanswered INVITE).</summary>
    public const string LocalHangup = "local_hangup";

    /// <summary>The caller cancelled before we answered, or we cancelled our INVITE.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>486 / 600.</summary>
    public const string Busy = "busy";

    /// <summary>408 / 480 or a transaction timeout.</summary>
    public const string NoAnswer = "no_answer";

    /// <summary>603, or we rejected.</summary>
    public const string Rejected = "rejected";

    /// <summary>404 / 484 / 604.</summary>
    public const string NotFound = "not_found";

    /// <summary>3xx: the callee moved (we do not follow redirects; the engine may).</summary>
    public const string Redirected = "redirected";

    /// <summary>401/407 that our credentials did not satisfy.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>488 / SDP negotiation failed.</summary>
    public const string NotAcceptable = "not_acceptable";

    /// <summary>No ACK for our 2xx within 64*T1 (we sent BYE).</summary>
    public const string AckTimeout = "ack_timeout";

    /// <summary>Any other failure.</summary>
    public const string Failed = "failed";

    /// <summary>Maps a non-2xx final status to a reason.</summary>
    public static string FromStatus(int statusCode) => statusCode switch
    {
        486 or 600 => Busy,
        408 or 480 => NoAnswer,
        603 => Rejected,
        404 or 484 or 604 => NotFound,
        487 => Cancelled,
        401 or 407 => Unauthorized,
        488 or 606 => NotAcceptable,
        >= 300 and < 400 => Redirected,
        _ => Failed,
    };
}
