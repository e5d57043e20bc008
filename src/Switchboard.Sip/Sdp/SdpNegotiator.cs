using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Switchboard.Sip.Sdp;

/// <summary>
/// The SDP offer/answer state of one call (RFC 3264): makes offers, answers the peer's offers (initial INVITE
/// and re-INVITEs such as hold/unhold) and reads the peer's answers to our offers. Keeps one <c>o=</c> session
/// id and bumps its version for every description it produces (RFC 3264 §8).
/// Not thread-safe: one instance belongs to one dialog and is used from that dialog's loop only.
/// </summary>
public sealed class SdpNegotiator
{
    private readonly SdpNegotiatorOptions _options;
    private readonly IPAddress _localAddress;
    private readonly int _localPort;
    private readonly string _sessionId;
    private ulong _version;
    private SessionDescription? _lastOffer;

    /// <summary>Creates the negotiator for a call whose RTP socket is bound at <paramref name="localAddress"/>:<paramref name="localPort"/>.</summary>
    /// <param name="options">Validated shared settings.</param>
    /// <param name="localAddress">The address the peer should send RTP to (not 0.0.0.0).</param>
    /// <param name="localPort">Our RTP port, 1–65535 (RTCP is port + 1).</param>
    /// <param name="sessionId">The <c>o=</c> session id; random when null.</param>
    /// <exception cref="ArgumentException">An argument is out of range or the options are invalid.</exception>
    public SdpNegotiator(SdpNegotiatorOptions options, IPAddress localAddress, int localPort, ulong? sessionId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(localAddress);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(localPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPort, 65534);
        if (localAddress.Equals(IPAddress.Any) || localAddress.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("The local media address must be routable, not a wildcard.", nameof(localAddress));
        }

        _options = options;
        _localAddress = localAddress.IsIPv4MappedToIPv6 ? localAddress.MapToIPv4() : localAddress;
        _localPort = localPort;
        // 62 bits keeps the id positive for peers that parse it as a signed 64-bit number.
        _sessionId = (sessionId ?? RandomSessionId()).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The audio of the most recent completed exchange (an answer we made, or the peer's answer to our offer); null
    /// before the first. A re-INVITE handler compares a new exchange with it.
    /// </summary>
    public NegotiatedAudio? Current { get; internal set; }

    /// <summary>The <c>o=</c> version of the most recent description produced, 0 before the first.</summary>
    public ulong CurrentVersion => _version;

    /// <summary>
    /// Makes an offer with our codecs (in preference order), telephone-event and ptime. Use
    /// <see cref="SdpDirection.SendOnly"/> to put the peer on hold, <see cref="SdpDirection.SendRecv"/> to resume.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="direction"/> is not a defined value.</exception>
    public SessionDescription CreateOffer(SdpDirection direction = SdpDirection.SendRecv)
    {
        EnsureDefined(direction);
        SessionDescription offer = NewDescription();
        offer.TimeLines.Add(new SdpLine('t', "0 0"));
        var media = new SdpMediaDescription { Media = "audio", Port = _localPort, Protocol = "RTP/AVP" };
        foreach (SdpCodec codec in _options.Codecs)
        {
            int pt = codec.StaticPayloadType!.Value;
            media.Formats.Add(pt.ToString(CultureInfo.InvariantCulture));
            media.Attributes.Add(new SdpAttribute("rtpmap", new SdpRtpMap(pt, codec.EncodingName, codec.ClockRate, 1).ToString()));
        }

        if (_options.TelephoneEvents)
        {
            int pt = _options.TelephoneEventPayloadType;
            media.Formats.Add(pt.ToString(CultureInfo.InvariantCulture));
            media.Attributes.Add(new SdpAttribute("rtpmap", $"{pt} telephone-event/8000"));
            media.Attributes.Add(new SdpAttribute("fmtp", $"{pt} 0-16"));
        }

        media.Attributes.Add(new SdpAttribute("ptime", _options.Ptime.ToString(CultureInfo.InvariantCulture)));
        media.Attributes.Add(new SdpAttribute(SdpAttributeLookup.ToAttributeName(direction), null));
        offer.Media.Add(media);
        _lastOffer = offer;
        return offer;
    }

    /// <summary>
    /// Answers a peer's offer: accepts the first RTP/AVP audio stream sharing a codec with us (our preference,
    /// their payload numbers), echoes their telephone-event payload type, answers the direction per RFC 3264 §6.1
    /// (including RFC 2543 c=0.0.0.0 hold) and rejects every other stream with port 0.
    /// </summary>
    /// <param name="offer">The peer's offer.</param>
    /// <param name="direction">What we want: sendrecv normally, sendonly/inactive while we hold the peer.</param>
    /// <returns>The answer, or a failure to turn into 488 Not Acceptable Here.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="offer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="direction"/> is not a defined value.</exception>
    public SdpAnswerResult CreateAnswer(SessionDescription offer, SdpDirection direction = SdpDirection.SendRecv)
    {
        ArgumentNullException.ThrowIfNull(offer);
        EnsureDefined(direction);
        if (offer.Media.Count == 0)
        {
            return SdpAnswerResult.Failure("the offer has no media streams");
        }

        int chosenIndex = -1;
        SdpCodec? codec = null;
        int payloadType = -1;
        string? firstProblem = null;
        for (int i = 0; i < offer.Media.Count && chosenIndex < 0; i++)
        {
            SdpMediaDescription m = offer.Media[i];
            string? problem = Unusable(offer, m);
            if (problem is null && SdpCodecMatcher.TryChoose(m, _options.Codecs, out codec, out payloadType))
            {
                chosenIndex = i;
                break;
            }

            firstProblem ??= problem ?? $"no common codec: offered {SdpCodecMatcher.Describe(m)}; supported {Supported()}";
        }

        if (chosenIndex < 0)
        {
            return SdpAnswerResult.Failure(firstProblem ?? "no acceptable audio stream");
        }

        SdpMediaDescription offered = offer.Media[chosenIndex];
        SdpConnection connection = offer.EffectiveConnection(offered)!;
        int? telephoneEvent = _options.TelephoneEvents
            ? SdpCodecMatcher.FindTelephoneEvent(offered, codec!.ClockRate)
            : null;
        SdpDirection remote = SdpDirectionRules.Remote(offer.EffectiveDirection(offered), connection);
        SdpDirection local = SdpDirectionRules.Local(direction, remote);
        int ptime = ChoosePtime(offered.Ptime, offered.MaxPtime);

        SessionDescription answer = NewDescription();
        // RFC 3264 §6: the answer's t= must equal the offer's.
        answer.TimeLines.AddRange(offer.TimeLines.Count > 0 ? offer.TimeLines : [new SdpLine('t', "0 0")]);
        for (int i = 0; i < offer.Media.Count; i++)
        {
            answer.Media.Add(i == chosenIndex
                ? AnswerAudio(offered, codec!, payloadType, telephoneEvent, ptime, local)
                : Rejected(offer.Media[i]));
        }

        var audio = new NegotiatedAudio(
            chosenIndex,
            codec!,
            payloadType,
            telephoneEvent,
            ptime,
            local,
            connection.Address,
            offered.Port,
            offered.RtcpPort ?? offered.Port + 1);
        Current = audio;
        return SdpAnswerResult.Success(answer, audio);
    }

    /// <summary>Reads the peer's answer to our most recent offer.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No offer was made yet.</exception>
    /// <exception cref="SdpNegotiationException">The answer rejects our audio or picks something we did not offer.</exception>
    public NegotiatedAudio ProcessAnswer(SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        SessionDescription offer = _lastOffer ?? throw new InvalidOperationException("ProcessAnswer called before CreateOffer.");
        if (answer.Media.Count != offer.Media.Count)
        {
            throw new SdpNegotiationException(
                $"the answer has {answer.Media.Count} media streams, the offer had {offer.Media.Count}");
        }

        SdpMediaDescription m = answer.Media[0];
        if (m.Port == 0)
        {
            throw new SdpNegotiationException("the peer rejected the audio stream");
        }

        SdpConnection? connection = answer.EffectiveConnection(m)
            ?? throw new SdpNegotiationException("the answer has no connection address for audio");
        if (!SdpCodecMatcher.TryChoose(m, _options.Codecs, out SdpCodec? codec, out int payloadType))
        {
            throw new SdpNegotiationException($"the answer carries none of our codecs: {SdpCodecMatcher.Describe(m)}");
        }

        // The answerer lists its preferred codec first; honour that when it is one of ours.
        foreach (string format in m.Formats)
        {
            if (!SdpRtpMap.TryParsePayloadType(format, out int pt))
            {
                continue;
            }

            SdpCodec? first = null;
            foreach (SdpCodec candidate in _options.Codecs)
            {
                if (SdpCodecMatcher.Carries(m, pt, candidate))
                {
                    first = candidate;
                    break;
                }
            }

            if (first is not null)
            {
                codec = first;
                payloadType = pt;
                break;
            }
        }

        SdpDirection offered = offer.EffectiveDirection(offer.Media[0]);
        SdpDirection remote = SdpDirectionRules.Remote(answer.EffectiveDirection(m), connection);
        int? telephoneEvent = _options.TelephoneEvents ? SdpCodecMatcher.FindTelephoneEvent(m, codec!.ClockRate) : null;
        return Current = new NegotiatedAudio(
            0,
            codec!,
            payloadType,
            telephoneEvent,
            ChoosePtime(m.Ptime, m.MaxPtime),
            SdpDirectionRules.Local(offered, remote),
            connection.Address,
            m.Port,
            m.RtcpPort ?? m.Port + 1);
    }

    private static void EnsureDefined(SdpDirection direction)
    {
        if (!Enum.IsDefined(direction))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown SDP direction.");
        }
    }

    private static string? Unusable(SessionDescription offer, SdpMediaDescription m)
    {
        if (!string.Equals(m.Media, "audio", StringComparison.OrdinalIgnoreCase))
        {
            return $"no audio stream (offered {m.Media})";
        }

        if (m.Port == 0)
        {
            return "the audio stream is disabled (port 0)";
        }

        if (!string.Equals(m.Protocol, "RTP/AVP", StringComparison.OrdinalIgnoreCase))
        {
            return $"transport {m.Protocol} is not supported (only RTP/AVP)";
        }

        if (offer.EffectiveConnection(m) is null)
        {
            return "the audio stream has no connection address";
        }

        return null;
    }

    private SdpMediaDescription AnswerAudio(
        SdpMediaDescription offered, SdpCodec codec, int payloadType, int? telephoneEvent, int ptime, SdpDirection local)
    {
        var media = new SdpMediaDescription { Media = offered.Media, Port = _localPort, Protocol = offered.Protocol };
        media.Formats.Add(payloadType.ToString(CultureInfo.InvariantCulture));
        media.Attributes.Add(new SdpAttribute("rtpmap", new SdpRtpMap(payloadType, codec.EncodingName, codec.ClockRate, 1).ToString()));
        if (telephoneEvent is int te)
        {
            media.Formats.Add(te.ToString(CultureInfo.InvariantCulture));
            media.Attributes.Add(new SdpAttribute("rtpmap", $"{te} telephone-event/{codec.ClockRate}"));
            string? fmtp = offered.GetFmtp(te);
            if (!string.IsNullOrEmpty(fmtp))
            {
                media.Attributes.Add(new SdpAttribute("fmtp", $"{te} {fmtp}"));
            }
        }

        media.Attributes.Add(new SdpAttribute("ptime", ptime.ToString(CultureInfo.InvariantCulture)));
        media.Attributes.Add(new SdpAttribute(SdpAttributeLookup.ToAttributeName(local), null));
        return media;
    }

    private static SdpMediaDescription Rejected(SdpMediaDescription offered)
    {
        // RFC 3264 §6: a rejected stream keeps its media type and transport, port 0, and at least one format.
        var media = new SdpMediaDescription { Media = offered.Media, Port = 0, Protocol = offered.Protocol };
        media.Formats.AddRange(offered.Formats);
        return media;
    }

    private int ChoosePtime(int? requested, int? max)
    {
        if (requested is int wanted && _options.SupportedPtimes.Contains(wanted) && (max is null || wanted <= max))
        {
            return wanted;
        }

        int best = _options.Ptime;
        if (max is int limit && best > limit)
        {
            foreach (int candidate in _options.SupportedPtimes)
            {
                if (candidate <= limit && (best > limit || candidate > best))
                {
                    best = candidate;
                }
            }
        }

        return best;
    }

    private static ulong RandomSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return (System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> 2) | 1;
    }

    private SessionDescription NewDescription()
    {
        _version++;
        SdpConnection connection = SdpConnection.For(_localAddress);
        return new SessionDescription
        {
            Origin = new SdpOrigin(_options.OriginUsername, _sessionId, _version, "IN", connection.AddressType, connection.Address),
            SessionName = _options.SessionName,
            Connection = connection,
        };
    }

    private string Supported()
    {
        var names = new string[_options.Codecs.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = _options.Codecs[i].EncodingName;
        }

        return string.Join(", ", names);
    }
}
