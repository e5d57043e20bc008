using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Sip.Sdp;

/// <summary>
/// Result of answering an offer: either an answer plus the negotiated audio, or a failure that the UAS turns
/// into <c>488 Not Acceptable Here</c>. Immutable once returned; the <see cref="Answer"/> belongs to the caller.
/// </summary>
public sealed class SdpAnswerResult
{
    /// <summary>The SIP status code for an unacceptable offer.</summary>
    public const int NotAcceptableHere = 488;

    private SdpAnswerResult(SessionDescription? answer, NegotiatedAudio? audio, string? failureReason)
    {
        Answer = answer;
        Audio = audio;
        FailureReason = failureReason;
    }

    /// <summary>True when <see cref="Answer"/> and <see cref="Audio"/> are set.</summary>
    [MemberNotNullWhen(true, nameof(Answer), nameof(Audio))]
    [MemberNotNullWhen(false, nameof(FailureReason))]
    public bool IsSuccess => Answer is not null;

    /// <summary>The answer to send, or null on failure.</summary>
    public SessionDescription? Answer { get; }

    /// <summary>What was agreed for audio, or null on failure.</summary>
    public NegotiatedAudio? Audio { get; }

    /// <summary>Why the offer is not acceptable, or null on success.</summary>
    public string? FailureReason { get; }

    /// <summary>The SIP status a UAS should reply with on failure (488); 200 on success.</summary>
    public int StatusCode => IsSuccess ? 200 : NotAcceptableHere;

    /// <summary>Returns the answer or throws.</summary>
    /// <exception cref="SdpNegotiationException">The offer was not acceptable.</exception>
    public SessionDescription EnsureSuccess() =>
        IsSuccess ? Answer : throw new SdpNegotiationException(FailureReason);

    internal static SdpAnswerResult Success(SessionDescription answer, NegotiatedAudio audio) => new(answer, audio, null);

    internal static SdpAnswerResult Failure(string reason) => new(null, null, reason);
}
