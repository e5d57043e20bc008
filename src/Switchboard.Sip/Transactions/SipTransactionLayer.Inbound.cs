using System.Threading.Channels;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Parsing;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Transactions;

/// <summary>Inbound side of <see cref="SipTransactionLayer"/>: matching requests and responses to transactions (RFC 3261 §17.1.3, §17.2.3) and the checks made before a server transaction exists.</summary>
public sealed partial class SipTransactionLayer
{
    /// <summary>Processes one received message; the dispatch loop calls it, and unit tests call it directly.</summary>
    internal void HandleInbound(SipInboundMessage inbound)
    {
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            if (inbound.Message is SipResponse response)
            {
                string? key = SipTransactionKeys.ForClient(response);
                if (key is not null && _client.TryGetValue(key, out SipClientTransaction? tx))
                {
                    tx.OnResponse(response);
                }
                else
                {
                    _unmatched.Writer.TryWrite(inbound);
                }

                return;
            }

            HandleRequest((SipRequest)inbound.Message, inbound);
        }
    }

    private void HandleRequest(SipRequest request, SipInboundMessage inbound)
    {
        string key = SipTransactionKeys.ForServer(request);
        _server.TryGetValue(key, out SipServerTransaction? existing);
        if (request.Method == SipMethods.Ack)
        {
            if (existing is null || !existing.OnAck())
            {
                _unmatched.Writer.TryWrite(inbound); // ACK for a 2xx: the dialog layer's
            }

            return;
        }

        if (existing is not null)
        {
            existing.OnRequestRetransmission();
            return;
        }

        ISipTransport transport = FindArrivalTransport(inbound);
        var tx = new SipServerTransaction(this, key, request, inbound.Remote, transport);
        _server.Add(key, tx);

        if (request.Method == SipMethods.Cancel)
        {
            // §9.2: the CANCEL matches the INVITE server transaction by the same rule, with method INVITE.
            _server.TryGetValue(SipTransactionKeys.ForServer(request, SipMethods.Invite), out SipServerTransaction? invite);
            tx.Respond(tx.CreateResponse(invite is null ? 481 : 200));
            invite?.OnCancel();
            return;
        }

        if (request.MaxForwards == 0 && request.Method != SipMethods.Options)
        {
            tx.Respond(tx.CreateResponse(483)); // RFC 3261 §8.2.2/§16.3: a loop or a too-long path
            return;
        }

        if (Options.RequestValidator?.Validate(request) is SipValidationResult rejected)
        {
            tx.Respond(SipResponseFactory.CreateResponse(request, rejected, tx.LocalTag));
            return;
        }

        string? mergeKey = SipTransactionKeys.ForMerge(request);
        if (mergeKey is not null)
        {
            if (_merge.ContainsKey(mergeKey))
            {
                tx.Respond(tx.CreateResponse(482)); // §8.2.2.2: the same request reached us twice by different paths
                return;
            }

            _merge.Add(mergeKey, key);
            tx.MergeKey = mergeKey;
        }

        if (!_requests.Writer.TryWrite(tx))
        {
            tx.Respond(tx.CreateResponse(503, "Service Unavailable (overloaded)"));
            return;
        }

        tx.Start();
    }

    /// <summary>§8.1.1: the mandatory header fields must be there, and the CSeq method must be the request's.</summary>
    private static void EnsureWellFormed(SipRequest request)
    {
        try
        {
            _ = request.From;
            _ = request.To;
            _ = request.CallId;
            if (request.CSeq.Method != request.Method)
            {
                throw new ArgumentException("The CSeq method must equal the request method.", nameof(request));
            }
        }
        catch (SipParseException e)
        {
            throw new ArgumentException("The request lacks a valid mandatory header: " + e.Message, nameof(request), e);
        }
    }
}
