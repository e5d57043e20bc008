using Switchboard.Sip.Dialogs;
using Switchboard.Sip.Rtp;

namespace Switchboard.Bench.Engine.Sip;

/// <summary>
/// One caller: dial, wait for the greeting to finish, then <c>turns</c> times speak and time the reply, waiting for the
/// agent to finish between turns. Every wait is bounded; a call that goes wrong reports why instead of throwing.
/// </summary>
internal static class PhoneScript
{
    /// <summary>Silence after agent speech that means "done speaking" (longer than flite's gap between sentences).</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(1000);
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AgentTurn = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(15);

    public static async Task<SipCallResult> RunAsync(MediaClock clock, int sipPort, short[] speech, int turns, Action<int, TimeSpan?>? onTurn = null)
    {
        var latencies = new List<double>(turns);
        var overlapped = 0;
        var missed = 0;
        string? failure = null;
        var phone = BenchPhone.Create(clock, sipPort);
        await using (phone.ConfigureAwait(false))
        {
            try
            {
                await phone.DialAsync(Answer).ConfigureAwait(false);
                if (!await phone.WaitQuietAsync(Quiet, AgentTurn).ConfigureAwait(false))
                    return new SipCallResult(latencies, 0, 0, $"the greeting never finished ({phone.VoicedPackets} voiced of {phone.PacketsReceived} packets)");
                for (var turn = 1; turn <= turns; turn++)
                {
                    var (latency, over) = await phone.SpeakAndTimeReplyAsync(speech, Reply).ConfigureAwait(false);
                    onTurn?.Invoke(turn, latency);
                    if (over) overlapped++;
                    if (latency is { } l) latencies.Add(l.TotalMilliseconds);
                    else missed++;
                    if (!await phone.WaitQuietAsync(Quiet, AgentTurn).ConfigureAwait(false))
                    {
                        failure = $"the agent never went quiet after turn {turn}";
                        break;
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or SipDialogException or OperationCanceledException)
            {
                failure = e.Message;
            }
        }
        return new SipCallResult(latencies, overlapped, missed, failure);
    }
}
