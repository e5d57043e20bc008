using System.Net;
using Switchboard.ControlPlane.Http.RateLimiting;

namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

public sealed class RateLimitPartitionsTests
{
    [Fact]
    public void Builds_the_documented_shapes()
    {
        Assert.Equal("key:key_abc", RateLimitPartitions.ForApiKey("key_abc"));
        Assert.Equal("org:org_1", RateLimitPartitions.ForOrganization("org_1"));
        Assert.Equal("ip:203.0.113.7", RateLimitPartitions.ForClientIp(IPAddress.Parse("203.0.113.7")));
        Assert.Equal("ep:calls-create:key_abc", RateLimitPartitions.ForEndpoint("calls-create", "key_abc"));
        Assert.Equal("ep:calls-create:ip:203.0.113.7", RateLimitPartitions.ForEndpoint("calls-create", "ip:203.0.113.7"));
    }

    [Fact]
    public void Ipv4_mapped_addresses_share_the_ipv4_partition()
    {
        Assert.Equal("ip:203.0.113.7", RateLimitPartitions.ForClientIp(IPAddress.Parse("::ffff:203.0.113.7")));
    }

    [Fact]
    public void Ipv6_addresses_are_grouped_by_their_64_bit_prefix()
    {
        var a = RateLimitPartitions.ForClientIp(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        var b = RateLimitPartitions.ForClientIp(IPAddress.Parse("2001:db8:1:2::1"));
        var other = RateLimitPartitions.ForClientIp(IPAddress.Parse("2001:db8:1:3::1"));
        Assert.Equal("ip:2001:db8:1:2::/64", a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        RateLimitPartitions.Validate(a);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a\u0000")]
    public void Bad_components_are_rejected(string value)
    {
        Assert.ThrowsAny<ArgumentException>(() => RateLimitPartitions.ForApiKey(value));
        Assert.ThrowsAny<ArgumentException>(() => RateLimitPartitions.ForOrganization(value));
        Assert.ThrowsAny<ArgumentException>(() => RateLimitPartitions.ForEndpoint(value, "key_a"));
    }

    [Fact]
    public void Null_and_overlong_inputs_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => RateLimitPartitions.ForApiKey(null!));
        Assert.Throws<ArgumentNullException>(() => RateLimitPartitions.ForClientIp(null!));
        Assert.Throws<ArgumentException>(() => RateLimitPartitions.ForApiKey(new string('k', 129)));
        Assert.Throws<ArgumentException>(() => RateLimitPartitions.ForEndpoint("g", "p q"));
    }
}
