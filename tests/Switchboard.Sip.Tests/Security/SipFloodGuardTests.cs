using System.Net;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Sip.Security;

namespace Switchboard.Sip.Tests.Security;

public sealed class SipFloodGuardTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("192.0.2.66");
    private static readonly IPAddress Phone = IPAddress.Parse("192.0.2.10");

    [Fact]
    public void Admits_up_to_the_limit_then_blocks_only_that_source()
    {
        var clock = new FakeTimeProvider();
        var guard = new SipFloodGuard(new SipFloodGuardOptions { MaxRequestsPerInterval = 10 }, clock);
        for (var i = 0; i < 10; i++) Assert.True(guard.TryAdmit(Attacker));
        Assert.False(guard.TryAdmit(Attacker));
        Assert.True(guard.IsBlocked(Attacker));
        Assert.True(guard.TryAdmit(Phone));
        Assert.False(guard.IsBlocked(Phone));
    }

    [Fact]
    public void A_new_interval_resets_the_count()
    {
        var clock = new FakeTimeProvider();
        var guard = new SipFloodGuard(new SipFloodGuardOptions { MaxRequestsPerInterval = 5, Interval = TimeSpan.FromSeconds(2) }, clock);
        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < 5; i++) Assert.True(guard.TryAdmit(Phone));
            clock.Advance(TimeSpan.FromSeconds(2));
        }
    }

    [Fact]
    public void A_block_lasts_while_the_flood_goes_on_and_ends_after_quiet()
    {
        var clock = new FakeTimeProvider();
        var guard = new SipFloodGuard(new SipFloodGuardOptions
        {
            MaxRequestsPerInterval = 3, BlockDuration = TimeSpan.FromSeconds(60),
        }, clock);
        for (var i = 0; i < 4; i++) guard.TryAdmit(Attacker);
        Assert.True(guard.IsBlocked(Attacker));

        // Keeps sending every 30 s: never gets through, although each gap is shorter than the block.
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            Assert.False(guard.TryAdmit(Attacker));
        }

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.False(guard.IsBlocked(Attacker));
        Assert.True(guard.TryAdmit(Attacker));
    }

    [Fact]
    public void Allow_listed_sources_are_never_limited()
    {
        var guard = new SipFloodGuard(new SipFloodGuardOptions { MaxRequestsPerInterval = 1, AllowList = ["192.0.2.0/28", "2001:db8::/32"] }, new FakeTimeProvider());
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(guard.TryAdmit(Phone));
            Assert.True(guard.TryAdmit(IPAddress.Parse("2001:db8::1")));
        }
        Assert.True(guard.TryAdmit(Attacker));
        Assert.False(guard.TryAdmit(Attacker));
    }

    [Fact]
    public void IPv4_mapped_addresses_count_as_their_IPv4_source()
    {
        var guard = new SipFloodGuard(new SipFloodGuardOptions { MaxRequestsPerInterval = 2 }, new FakeTimeProvider());
        Assert.True(guard.TryAdmit(Attacker));
        Assert.True(guard.TryAdmit(Attacker.MapToIPv6()));
        Assert.False(guard.TryAdmit(Attacker));
    }

    [Fact]
    public void Memory_stays_bounded_under_a_spoofed_source_flood()
    {
        var clock = new FakeTimeProvider();
        var guard = new SipFloodGuard(new SipFloodGuardOptions { MaxTrackedSources = 1000 }, clock);
        var bytes = new byte[4];
        for (var i = 0; i < 50_000; i++)
        {
            BitConverter.TryWriteBytes(bytes, i + 0x0A000000);
            guard.TryAdmit(new IPAddress(bytes));
            if (i % 5000 == 0) clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.InRange(guard.TrackedSources, 1, 1000);
    }

    [Fact]
    public void Blocked_sources_survive_eviction_of_quiet_ones()
    {
        var clock = new FakeTimeProvider();
        var guard = new SipFloodGuard(new SipFloodGuardOptions { MaxRequestsPerInterval = 1, MaxTrackedSources = 100 }, clock);
        guard.TryAdmit(Attacker);
        guard.TryAdmit(Attacker);
        Assert.True(guard.IsBlocked(Attacker));
        clock.Advance(TimeSpan.FromSeconds(5));
        var bytes = new byte[4];
        for (var i = 0; i < 99; i++)
        {
            BitConverter.TryWriteBytes(bytes, i + 0x0A000000);
            guard.TryAdmit(new IPAddress(bytes));
        }
        clock.Advance(TimeSpan.FromSeconds(5));
        for (var i = 100; i < 150; i++)
        {
            BitConverter.TryWriteBytes(bytes, i + 0x0A000000);
            guard.TryAdmit(new IPAddress(bytes));
        }
        Assert.True(guard.IsBlocked(Attacker));
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipFloodGuard(new SipFloodGuardOptions { MaxRequestsPerInterval = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipFloodGuard(new SipFloodGuardOptions { Interval = TimeSpan.Zero }));
        Assert.ThrowsAny<Exception>(() => new SipFloodGuard(new SipFloodGuardOptions { AllowList = ["not-an-address"] }));
    }
}
