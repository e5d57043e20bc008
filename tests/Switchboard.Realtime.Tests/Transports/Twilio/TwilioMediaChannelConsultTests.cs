using Microsoft.Extensions.Time.Testing;
using Switchboard.Audio.G711;
using Switchboard.Realtime.Transports;
using Switchboard.Realtime.Transports.Twilio;

namespace Switchboard.Realtime.Tests.Transports.Twilio;

/// <summary>Warm transfers on a media stream: the caller is held (ringback out, their audio and digits dropped) while
/// the consult handler places the second call.</summary>
public sealed class TwilioMediaChannelConsultTests
{
    [Fact]
    public async Task Without_a_consult_handler_a_warm_transfer_is_refused_with_the_reason()
    {
        await using var link = await MediaStreamLink.OpenAsync();

        var result = await link.Channel.ConsultAsync("+15550199", link.Token);

        Assert.Null(result.Leg);
        Assert.Equal(TransferOutcomeCodes.Failed, result.Failure!.OutcomeCode);
        Assert.Contains("REST API", result.Failure.Detail, StringComparison.Ordinal);
        Assert.False(link.Channel.IsHolding);
    }

    [Fact]
    public async Task While_dialling_the_caller_hears_ringback_and_is_not_heard_then_a_failure_resumes_the_call()
    {
        var time = new FakeTimeProvider();
        var dialled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource<ConsultResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions
        {
            Time = time,
            ConsultHandler = (target, start, _) =>
            {
                dialled.TrySetResult($"{target}@{start.CallId}");
                return new ValueTask<ConsultResult>(answer.Task);
            },
        });
        while (link.Channel.Input.TryRead(out var early)) early.Frame.Dispose();

        var consult = link.Channel.ConsultAsync("+15550199", link.Token).AsTask();
        Assert.Equal("+15550199@CA00000000000000000000000000000001", await dialled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(link.Channel.IsHolding);
        await link.Peer.SendMediaAsync(Tone(1000));
        await link.Peer.SendDtmfAsync('5');
        for (var i = 0; i < 10; i++) time.Advance(TimeSpan.FromMilliseconds(20));
        // The peer echoes the ringback's marks after the held audio, so once they are in, that audio has been read.
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Channel.FramesPlayed >= 10), $"played {link.Channel.FramesPlayed}");
        var ringback = link.Peer.Received.Where(m => m.Event == "media").ToList();
        Assert.True(ringback.Count >= 10, $"{ringback.Count} ringback frames");
        Assert.All(ringback, m => Assert.Contains(m.Payload!, b => b != 0xFF)); // the tone's first 2 s are on, not μ-law silence

        answer.SetResult(ConsultResult.Failed("The target was busy.", TransferOutcomeCodes.Busy));
        var result = await consult.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((TransferOutcomeCodes.Busy, "The target was busy."), (result.Failure!.OutcomeCode, result.Failure.Detail));
        Assert.False(link.Channel.IsHolding);
        Assert.True(await link.Peer.WaitUntilAsync(() => link.Peer.Count("clear") == 1), "the buffered ringback was not cleared");
        // The caller is heard again, and nothing from the hold comes first.
        await link.Peer.SendMediaAsync(Tone(-1000));
        var next = await link.ReadAsync();
        Assert.Equal(MediaInputKind.Audio, next.Kind);
        Assert.InRange(next.Frame.Samples[80], -1100, -900);
        next.Frame.Dispose();
    }

    [Fact]
    public async Task An_answered_leg_ends_when_the_caller_hangs_up_and_then_refuses_to_bridge()
    {
        var inner = new FakeConsultLeg();
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions
        {
            Time = new FakeTimeProvider(),
            ConsultHandler = (_, _, _) => ValueTask.FromResult(new ConsultResult(inner, null)),
        });

        var result = await link.Channel.ConsultAsync("+15550199", link.Token);
        await using var leg = result.Leg!;
        Assert.False(leg.Ended.IsCompleted);
        await link.Peer.SendStopAsync();
        await leg.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        var outcome = await leg.BridgeAsync(link.Token);

        Assert.Equal((false, "The caller hung up before being connected."), (outcome.Accepted, outcome.Detail));
        Assert.Equal(0, inner.Bridges);
        await leg.DisposeAsync();
        Assert.True(inner.Disposed);
    }

    [Fact]
    public async Task A_bridged_leg_keeps_the_caller_off_the_engine_and_an_unbridged_one_resumes_the_call()
    {
        var legs = new Queue<FakeConsultLeg>([new FakeConsultLeg(), new FakeConsultLeg()]);
        await using var link = await MediaStreamLink.OpenAsync(new TwilioMediaChannelOptions
        {
            Time = new FakeTimeProvider(),
            ConsultHandler = (_, _, _) => ValueTask.FromResult(new ConsultResult(legs.Dequeue(), null)),
        });

        // Not bridged (say the briefing found nobody): disposal takes the caller off hold.
        var first = (await link.Channel.ConsultAsync("+15550199", link.Token)).Leg!;
        Assert.True(link.Channel.IsHolding);
        await first.DisposeAsync();
        Assert.False(link.Channel.IsHolding);

        var second = (await link.Channel.ConsultAsync("+15550199", link.Token)).Leg!;
        var outcome = await second.BridgeAsync(link.Token);
        await second.DisposeAsync();
        Assert.True(outcome.Accepted);
        Assert.True(link.Channel.IsHolding); // the vendor now carries the call; the engine ends it as transferred
    }

    private static byte[] Tone(short level)
    {
        var pcm = new short[160];
        Array.Fill(pcm, level);
        var payload = new byte[160];
        MuLaw.Encode(pcm, payload);
        return payload;
    }
}
