using System.Globalization;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Uris;

namespace Switchboard.Sip.Dialogs;

/// <summary>
/// The state of one dialog (RFC 3261 §12): its id (Call-ID, local tag, remote tag), both CSeq spaces, the remote
/// target, the route set and the secure flag, and the builder of in-dialog requests (§12.2.1.1, loose and strict
/// routing). Thread-safety: instance members lock internally so a call's receive loop and the engine's commands
/// may both use it; the messages it returns belong to the caller.
/// </summary>
public sealed class SipDialog
{
    private readonly Lock _gate = new();
    private readonly NameAddress _localUri;
    private readonly NameAddress _remoteUri;
    private NameAddress[] _routeSet;
    private uint _localSequence;

    private SipDialog(string callId, string localTag, string remoteTag, NameAddress localUri, NameAddress remoteUri, uint localSequence, uint? remoteSequence, SipUri remoteTarget, NameAddress[] routeSet, bool secure, SipUri localContact, SipDialogState state)
    {
        CallId = callId;
        LocalTag = localTag;
        RemoteTag = remoteTag;
        _localUri = localUri;
        _remoteUri = remoteUri;
        _localSequence = localSequence;
        RemoteSequence = remoteSequence;
        RemoteTarget = remoteTarget;
        _routeSet = routeSet;
        IsSecure = secure;
        LocalContact = localContact;
        State = state;
    }

    /// <summary>The Call-ID.</summary>
    public string CallId { get; }

    /// <summary>Our tag (From tag of our requests).</summary>
    public string LocalTag { get; }

    /// <summary>The peer's tag (To tag of our requests).</summary>
    public string RemoteTag { get; }

    /// <summary>The URI we are in the dialog (From of our requests).</summary>
    public SipUri LocalUri => _localUri.Uri;

    /// <summary>The URI of the peer (To of our requests).</summary>
    public SipUri RemoteUri => _remoteUri.Uri;

    /// <summary>The CSeq number of the last request we sent in the dialog.</summary>
    public uint LocalSequence
    {
        get
        {
            lock (_gate)
            {
                return _localSequence;
            }
        }
    }

    /// <summary>The CSeq number of the last request the peer sent, null while it has sent none (§12.1.2).</summary>
    public uint? RemoteSequence { get; private set; }

    /// <summary>The peer's Contact: Request-URI of our requests; changed by target refresh requests.</summary>
    public SipUri RemoteTarget { get; private set; }

    /// <summary>Our Contact, written into requests we build.</summary>
    public SipUri LocalContact { get; }

    /// <summary>The route set, in the order our requests visit it.</summary>
    public IReadOnlyList<NameAddress> RouteSet
    {
        get
        {
            lock (_gate)
            {
                return _routeSet;
            }
        }
    }

    /// <summary>True when the dialog was set up over sips/TLS (§12.1.1).</summary>
    public bool IsSecure { get; }

    /// <summary>Early, confirmed or terminated.</summary>
    public SipDialogState State { get; private set; }

    /// <summary>
    /// The URI of the next hop of our requests: the first route, or the remote target when there is no route set.
    /// The caller resolves it to a transport address.
    /// </summary>
    public SipUri NextHop
    {
        get
        {
            lock (_gate)
            {
                return _routeSet.Length > 0 ? _routeSet[0].Uri : RemoteTarget;
            }
        }
    }

    /// <summary>
    /// The UAS side (§12.1.1): from a dialog-creating request and the tag we put in our response. Route set is the
    /// request's Record-Route in order; remote target is its Contact.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SipDialogException">The request has no From tag or no usable Contact.</exception>
    public static SipDialog CreateAsServer(SipRequest request, string localTag, SipUri localContact, SipDialogState state = SipDialogState.Confirmed)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(localTag);
        ArgumentNullException.ThrowIfNull(localContact);
        string remoteTag = request.From.Tag ?? throw new SipDialogException("A dialog-creating request must carry a From tag.");
        SipUri target = ContactOf(request) ?? throw new SipDialogException("A dialog-creating request must carry one Contact.");
        bool secure = request.RequestUri.IsSecure;
        return new SipDialog(request.CallId, localTag, remoteTag, request.To, request.From, 0, request.CSeq.Sequence, target, [.. request.RecordRoutes], secure, localContact, state);
    }

    /// <summary>
    /// The UAC side (§12.1.2): from our request and a 1xx (early) or 2xx (confirmed) carrying a To tag. Route set is
    /// the response's Record-Route reversed; remote target its Contact.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SipDialogException">The response is not 101..299, has no To tag, or (2xx) no Contact.</exception>
    public static SipDialog CreateAsClient(SipRequest request, SipResponse response, SipUri localContact)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(localContact);
        if (response.StatusCode is <= 100 or >= 300)
        {
            throw new SipDialogException($"A {response.StatusCode} response does not create a dialog.");
        }

        string remoteTag = response.To.Tag ?? throw new SipDialogException("A dialog-creating response must carry a To tag.");
        string localTag = request.From.Tag ?? throw new SipDialogException("Our request has no From tag.");
        SipUri? contact = ContactOf(response);
        if (contact is null && response.StatusCode >= 200)
        {
            throw new SipDialogException("A 2xx to a dialog-creating request must carry one Contact.");
        }

        NameAddress[] routes = [.. response.RecordRoutes];
        Array.Reverse(routes);
        SipDialogState state = response.StatusCode >= 200 ? SipDialogState.Confirmed : SipDialogState.Early;
        return new SipDialog(request.CallId, localTag, remoteTag, request.From, response.To, request.CSeq.Sequence, null, contact ?? request.RequestUri, routes, request.RequestUri.IsSecure, localContact, state);
    }

    /// <summary>
    /// An early dialog confirmed by a 2xx (§13.2.2.4): the route set and the remote target are recomputed from it.
    /// </summary>
    /// <exception cref="ArgumentNullException">The response is null.</exception>
    /// <exception cref="SipDialogException">It is not a 2xx of this dialog.</exception>
    public void ConfirmAsClient(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode is < 200 or >= 300 || response.To.Tag != RemoteTag)
        {
            throw new SipDialogException("Only a 2xx with this dialog's To tag confirms it.");
        }

        NameAddress[] routes = [.. response.RecordRoutes];
        Array.Reverse(routes);
        lock (_gate)
        {
            _routeSet = routes;
            RemoteTarget = ContactOf(response) ?? RemoteTarget;
            State = SipDialogState.Confirmed;
        }
    }

    /// <summary>Marks the dialog confirmed (the UAS sent its 2xx).</summary>
    public void Confirm()
    {
        lock (_gate)
        {
            if (State == SipDialogState.Early)
            {
                State = SipDialogState.Confirmed;
            }
        }
    }

    /// <summary>Marks the dialog terminated; requests can no longer be built.</summary>
    public void Terminate()
    {
        lock (_gate)
        {
            State = SipDialogState.Terminated;
        }
    }

    /// <summary>True when the message's Call-ID and tags name this dialog (from the side that received it).</summary>
    /// <exception cref="ArgumentNullException">The message is null.</exception>
    public bool Matches(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message is SipRequest
            ? message.CallId == CallId && message.To.Tag == LocalTag && message.From.Tag == RemoteTag
            : message.CallId == CallId && message.From.Tag == LocalTag && message.To.Tag == RemoteTag;
    }

    /// <summary>
    /// Checks and records the CSeq of an in-dialog request from the peer (§12.2.2): false when it is lower than or
    /// equal to the last one (the caller answers 500). ACK and CANCEL reuse their INVITE's number and are not checked.
    /// A target refresh (INVITE, UPDATE) with a Contact replaces the remote target.
    /// </summary>
    /// <exception cref="ArgumentNullException">The request is null.</exception>
    public bool AcceptRemoteRequest(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method is SipMethods.Ack or SipMethods.Cancel)
        {
            return true;
        }

        lock (_gate)
        {
            uint cseq = request.CSeq.Sequence;
            if (RemoteSequence is uint last && cseq <= last)
            {
                return false;
            }

            RemoteSequence = cseq;
            if (request.Method is SipMethods.Invite or SipMethods.Update && ContactOf(request) is SipUri target)
            {
                RemoteTarget = target;
            }

            return true;
        }
    }

    /// <summary>Applies a target refresh from a 2xx to our re-INVITE/UPDATE (§12.2.1.2).</summary>
    /// <exception cref="ArgumentNullException">The response is null.</exception>
    public void RefreshTarget(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (ContactOf(response) is SipUri target)
        {
            lock (_gate)
            {
                RemoteTarget = target;
            }
        }
    }

    /// <summary>
    /// Builds an in-dialog request (§12.2.1.1) with the next local CSeq: From/To with tags, Call-ID, Contact,
    /// Max-Forwards, and Request-URI plus Route per loose routing (first route has <c>lr</c>) or strict routing.
    /// No Via: the transaction layer adds it.
    /// </summary>
    /// <exception cref="ArgumentException">The method is not a token, or is ACK/CANCEL (built from their INVITE).</exception>
    /// <exception cref="SipDialogException">The dialog is terminated.</exception>
    public SipRequest CreateRequest(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        if (method is SipMethods.Ack or SipMethods.Cancel)
        {
            throw new ArgumentException("ACK and CANCEL take their INVITE's CSeq; use CreateAck or SipRequestFactory.CreateCancel.", nameof(method));
        }

        lock (_gate)
        {
            if (State == SipDialogState.Terminated)
            {
                throw new SipDialogException($"The dialog {CallId} is terminated; no {method} can be sent in it.");
            }

            _localSequence++;
            return Build(method, _localSequence, method);
        }
    }

    /// <summary>The ACK for a 2xx to our INVITE (§13.2.2.4): same CSeq number as the INVITE, method ACK.</summary>
    /// <exception cref="ArgumentNullException">The invite is null.</exception>
    public SipRequest CreateAck(SipRequest invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        lock (_gate)
        {
            SipRequest ack = Build(SipMethods.Ack, invite.CSeq.Sequence, SipMethods.Ack);
            foreach (SipHeader h in invite.Headers.GetAll(SipHeaderNames.Authorization))
            {
                ack.Headers.Add(h.Name, h.Value);
            }

            foreach (SipHeader h in invite.Headers.GetAll(SipHeaderNames.ProxyAuthorization))
            {
                ack.Headers.Add(h.Name, h.Value);
            }

            return ack;
        }
    }

    private SipRequest Build(string method, uint sequence, string cseqMethod)
    {
        SipUri requestUri;
        var routes = new List<string>(_routeSet.Length + 1);
        if (_routeSet.Length == 0 || _routeSet[0].Uri.Parameters.Contains("lr"))
        {
            requestUri = RemoteTarget;
            foreach (NameAddress r in _routeSet)
            {
                routes.Add(r.ToString());
            }
        }
        else
        {
            // Strict router (RFC 2543): it gets the Request-URI, and the remote target rides at the end of Route.
            requestUri = _routeSet[0].Uri;
            for (int i = 1; i < _routeSet.Length; i++)
            {
                routes.Add(_routeSet[i].ToString());
            }

            routes.Add("<" + RemoteTarget + ">");
        }

        var request = new SipRequest(method, requestUri);
        foreach (string r in routes)
        {
            request.Headers.Add(SipHeaderNames.Route, r);
        }

        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, _localUri.WithTag(LocalTag).ToString());
        request.Headers.Add(SipHeaderNames.To, _remoteUri.WithTag(RemoteTag).ToString());
        request.Headers.Add(SipHeaderNames.CallId, CallId);
        request.Headers.Add(SipHeaderNames.CSeq, sequence.ToString(CultureInfo.InvariantCulture) + " " + cseqMethod);
        request.Headers.Add(SipHeaderNames.Contact, "<" + LocalContact + ">");
        return request;
    }

    private static SipUri? ContactOf(SipMessage message)
    {
        IReadOnlyList<ContactHeader> contacts = message.Contacts;
        return contacts.Count > 0 && contacts[0].Address is NameAddress a ? a.Uri : null;
    }
}
