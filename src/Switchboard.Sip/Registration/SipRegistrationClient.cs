using System.Globalization;
using System.Threading.Channels;
using Switchboard.Sip.Auth;
using Switchboard.Sip.Messages;
using Switchboard.Sip.Transactions;
using Switchboard.Sip.Transport;

namespace Switchboard.Sip.Registration;

/// <summary>
/// Keeps our registration to a trunk alive (RFC 3261 §10.2): sends REGISTER, answers a 401/407 once per attempt with
/// the configured credentials, reads the lifetime the registrar granted (our Contact's expires, else Expires, else what
/// we asked), and refreshes before it runs out. A 423 raises the lifetime to the registrar's Min-Expires; any other
/// failure (rejection, a second challenge, timeout) is retried after <see cref="SipRegistrationOptions.RetryDelay"/>.
/// All REGISTERs share one Call-ID and From tag with increasing CSeq, as the RFC asks.
/// </summary>
/// <remarks>
/// Thread-safe. Timing runs on the given <see cref="TimeProvider"/> (tests use virtual time). It sends through the
/// layer but neither owns nor disposes it. <see cref="DisposeAsync"/> stops refreshing; it does not unregister, so the
/// binding lapses at the registrar when its lifetime ends.
/// </remarks>
public sealed class SipRegistrationClient : IAsyncDisposable
{
    private readonly SipTransactionLayer _layer;
    private readonly SipRegistrationOptions _options;
    private readonly TimeProvider _time;
    private readonly SipDigestClient? _digest;
    private readonly string _callId = SipInboundProcessor.NewTag() + SipInboundProcessor.NewTag();
    private readonly string _fromTag = SipInboundProcessor.NewTag();
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SipRegistrationStatus> _changes =
        Channel.CreateBounded<SipRegistrationStatus>(new BoundedChannelOptions(32) { FullMode = BoundedChannelFullMode.DropOldest });

    private SipRegistrationStatus _status = new(SipRegistrationState.Unregistered, 0, TimeSpan.Zero);
    private TimeSpan _expires;
    private uint _cseq;
    private Task? _loop;

    /// <summary>Creates the client; call <see cref="Start"/> to register.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range or a credential contains CR/LF/NUL.</exception>
    public SipRegistrationClient(SipTransactionLayer layer, SipRegistrationOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _layer = layer;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _expires = options.Expires;
        _digest = options.Username is string user ? new SipDigestClient(user, options.Password) : null;
    }

    /// <summary>The current state (latest change).</summary>
    public SipRegistrationStatus Status => Volatile.Read(ref _status);

    /// <summary>Every state change, in order (the 32 most recent unread).</summary>
    public ChannelReader<SipRegistrationStatus> Changes => _changes.Reader;

    /// <summary>Starts registering and refreshing in the background.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        if (Interlocked.CompareExchange(ref _loop, Task.CompletedTask, null) is not null)
        {
            throw new InvalidOperationException("The registration client is already started.");
        }

        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Stops refreshing and waits for the loop to end. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is Task loop)
        {
            await loop.ConfigureAwait(false);
        }

        Publish(new SipRegistrationStatus(SipRegistrationState.Unregistered, 0, TimeSpan.Zero));
        _changes.Writer.TryComplete();
        _stop.Dispose();
    }

    /// <summary>
    /// Stops refreshing and, when the registrar holds our binding, removes it (REGISTER with Expires: 0, answering a
    /// digest challenge), so the carrier stops sending calls here at once rather than at the binding's expiry. Then
    /// disposes the client. A registrar that does not answer within <paramref name="cancellationToken"/> leaves the
    /// binding to lapse.
    /// </summary>
    /// <returns>The registrar's final status for the removal, or null when there was no binding or no answer.</returns>
    public async Task<int?> UnregisterAsync(CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested) return null;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is Task loop) await loop.ConfigureAwait(false);

        int? status = null;
        if (Status.State == SipRegistrationState.Registered)
        {
            _expires = TimeSpan.Zero;
            try
            {
                status = (await RegisterOnceAsync(cancellationToken).ConfigureAwait(false)).StatusCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // No answer in time: the binding lapses at its expiry instead.
            }
        }

        Publish(new SipRegistrationStatus(SipRegistrationState.Unregistered, 0, TimeSpan.Zero));
        _changes.Writer.TryComplete();
        _stop.Dispose();
        return status;
    }

    /// <summary>When to refresh a registration granted for <paramref name="granted"/>.</summary>
    internal TimeSpan RefreshDelay(TimeSpan granted) => granted - TimeSpan.FromTicks(Math.Min(_options.RefreshMargin.Ticks, granted.Ticks / 2));

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                SipRegistrationStatus result = await RegisterOnceAsync(ct).ConfigureAwait(false);
                TimeSpan wait = result.State == SipRegistrationState.Registered ? RefreshDelay(result.Expires) : _options.RetryDelay;

                // The timer starts before the change is published, so whoever sees the change can count on it.
                Task next = Task.Delay(wait, _time, ct);
                Publish(result);
                await next.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task<SipRegistrationStatus> RegisterOnceAsync(CancellationToken ct)
    {
        Publish(new SipRegistrationStatus(SipRegistrationState.Registering, 0, TimeSpan.Zero));
        (string Name, string Value)? credentials = null;
        bool raised = false;
        while (true)
        {
            SipClientTransaction tx = _layer.SendRequest(Build(credentials), _options.Destination, _options.Transport);
            SipResponse final = await tx.FinalResponse.WaitAsync(ct).ConfigureAwait(false);
            int status = final.StatusCode;
            if (status is >= 200 and < 300)
            {
                return new SipRegistrationStatus(SipRegistrationState.Registered, status, Granted(final));
            }

            if (status is 401 or 407 && credentials is null && _digest is not null)
            {
                string challengeHeader = status == 401 ? SipHeaderNames.WwwAuthenticate : "Proxy-Authenticate";
                try
                {
                    DigestCredentials answer = _digest.Respond(final.Headers.GetAll(challengeHeader).Select(h => h.Value), SipMethods.Register, _options.Registrar.ToString());
                    credentials = (status == 401 ? SipHeaderNames.Authorization : SipHeaderNames.ProxyAuthorization, answer.ToString());
                    continue;
                }
                catch (Exception e) when (e is ArgumentException or DigestParseException)
                {
                    // A challenge we cannot answer is a failed attempt like any other.
                }
            }

            if (status == 423 && !raised && ParseSeconds(final.Headers.GetFirstValue("Min-Expires")) is TimeSpan minimum && minimum > _expires)
            {
                raised = true;
                _expires = minimum;
                continue;
            }

            return new SipRegistrationStatus(SipRegistrationState.Failed, status, TimeSpan.Zero);
        }
    }

    private SipRequest Build((string Name, string Value)? credentials)
    {
        var request = new SipRequest(SipMethods.Register, _options.Registrar);
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, "<" + _options.AddressOfRecord + ">;tag=" + _fromTag);
        request.Headers.Add(SipHeaderNames.To, "<" + _options.AddressOfRecord + ">");
        request.Headers.Add(SipHeaderNames.CallId, _callId);
        request.Headers.Add(SipHeaderNames.CSeq, (++_cseq).ToString(CultureInfo.InvariantCulture) + " " + SipMethods.Register);
        request.Headers.Add(SipHeaderNames.Contact, "<" + _options.Contact + ">");
        request.Headers.Add(SipHeaderNames.Expires, ((long)_expires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        if (credentials is (string name, string value))
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private TimeSpan Granted(SipResponse ok)
    {
        // Our own Contact's expires wins (§10.2.4); a lone Contact is ours even if the registrar rewrote it.
        string ours = _options.Contact.ToString();
        IReadOnlyList<ContactHeader> contacts = ok.Contacts;
        ContactHeader? mine = contacts.FirstOrDefault(c => c.Address?.Uri.ToString() == ours) ?? (contacts.Count == 1 ? contacts[0] : null);
        if (mine?.Expires is long seconds and > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return ParseSeconds(ok.Headers.GetFirstValue(SipHeaderNames.Expires)) is TimeSpan header && header > TimeSpan.Zero ? header : _expires;
    }

    private static TimeSpan? ParseSeconds(string? value) =>
        uint.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out uint seconds) ? TimeSpan.FromSeconds(seconds) : null;

    private void Publish(SipRegistrationStatus status)
    {
        Volatile.Write(ref _status, status);
        _changes.Writer.TryWrite(status);
    }
}
