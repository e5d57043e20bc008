using System.Xml.Linq;
using Switchboard.Audio.Frames;
using Switchboard.Realtime.Transports;

namespace Switchboard.ControlPlane.Telephony.Twilio;

/// <summary>
/// The answered second call of a Twilio warm transfer, streaming to us: the agent's briefing goes out on its stream;
/// <see cref="BridgeAsync"/> waits until the briefing has played, then moves both calls into one new conference (the
/// target's, then the caller's call updated with <c>&lt;Dial&gt;&lt;Conference&gt;</c>), where each hears the other until
/// either hangs up (<c>endConferenceOnExit</c>). Disposed without a bridge, it hangs the target's call up.
/// Thread-safety: as <see cref="IConsultLeg"/>.
/// </summary>
internal sealed class TwilioConsultLeg : IConsultLeg
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PlayoutGrace = TimeSpan.FromSeconds(2);
    private readonly ConsultStream _stream;
    private readonly TwilioRestAccount _account;
    private readonly HttpClient _client;
    private readonly string _callerSid;
    private readonly string _legSid;
    private readonly TimeProvider _time;
    private readonly Task _drain;
    private bool _bridged;

    public TwilioConsultLeg(ConsultStream stream, TwilioRestAccount account, HttpClient client, string callerSid, string legSid, TimeProvider time)
    {
        _stream = stream;
        _account = account;
        _client = client;
        _callerSid = callerSid;
        _legSid = legSid;
        _time = time;
        Conference = "switchboard-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        _drain = DrainAsync();
    }

    /// <summary>The conference both calls join (unique per transfer).</summary>
    public string Conference { get; }

    public int SampleRate => _stream.Channel.SampleRate;

    /// <summary>Completes when the target's stream ends (they hung up, or their call left our stream).</summary>
    public Task Ended => _drain;

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken) => _stream.Channel.SendAudioAsync(frame, cancellationToken);

    public async ValueTask<TransferOutcome> BridgeAsync(CancellationToken cancellationToken)
    {
        await WaitForPlayoutAsync(cancellationToken).ConfigureAwait(false);
        if (Ended.IsCompleted) return new TransferOutcome(false, "The transfer target hung up before the caller was connected.");

        var twiml = TwilioCallRedirector.Document(new XElement("Dial", new XElement("Conference",
            new XAttribute("beep", "false"), new XAttribute("startConferenceOnEnter", "true"), new XAttribute("endConferenceOnExit", "true"),
            Conference)));
        var target = await UpdateAsync(_legSid, twiml, cancellationToken).ConfigureAwait(false);
        if (target is not null) return new TransferOutcome(false, target);
        var caller = await UpdateAsync(_callerSid, twiml, cancellationToken).ConfigureAwait(false);
        if (caller is not null)
        {
            // The target waits in the conference for nobody: end their call (disposal would not: it is no longer ringing us).
            await TwilioConsultDialer.HangUpAsync(_client, _account, _legSid, "completed").ConfigureAwait(false);
            _bridged = true; // nothing left for disposal to hang up
            return new TransferOutcome(false, caller);
        }
        _bridged = true;
        return new TransferOutcome(true, $"Joined the caller and the target in {_account.Vendor} conference {Conference}.", TransferOutcomeCodes.Connected);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_bridged && !Ended.IsCompleted) await TwilioConsultDialer.HangUpAsync(_client, _account, _legSid, "completed").ConfigureAwait(false);
        await _stream.ReleaseAsync().ConfigureAwait(false);
        await _drain.ConfigureAwait(false);
    }

    /// <summary>The target's audio is not listened to (see docs); read it so the stream keeps flowing, and learn of its end.</summary>
    private async Task DrainAsync()
    {
        await Task.Yield();
        var input = _stream.Channel.Input;
        try
        {
            while (await input.WaitToReadAsync().ConfigureAwait(false))
            {
                while (input.TryRead(out var item))
                {
                    if (item.Kind == MediaInputKind.Audio) item.Frame.Dispose();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // The channel was disposed under us: the leg is over either way.
        }
    }

    /// <summary>Lets the briefing play to its last mark (the vendor buffers what we send), bounded by its length plus a grace.</summary>
    private async Task WaitForPlayoutAsync(CancellationToken cancellationToken)
    {
        var channel = _stream.Channel;
        var bound = _time.GetUtcNow() + Frame * Math.Max(0, channel.FramesSent - channel.FramesPlayed) + PlayoutGrace;
        while (channel.FramesPlayed < channel.FramesSent && !Ended.IsCompleted && _time.GetUtcNow() < bound)
            await Task.Delay(Frame, _time, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> UpdateAsync(string callSid, string twiml, CancellationToken cancellationToken)
    {
        using var request = _account.Request(HttpMethod.Post, _account.CallUrl(callSid), [new("Twiml", twiml)]);
        var (response, failure) = await VendorRestCall.SendAsync(_client, request, _account.Vendor, cancellationToken).ConfigureAwait(false);
        response?.Dispose();
        return failure;
    }
}
