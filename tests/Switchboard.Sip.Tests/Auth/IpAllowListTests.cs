using System.Net;
using Switchboard.Sip.Auth;

namespace Switchboard.Sip.Tests.Auth;

public sealed class IpAllowListTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("10.1.2.3/8", "10.200.0.1", true)]
    [InlineData("192.0.2.5", "192.0.2.5", true)]
    [InlineData("192.0.2.5", "192.0.2.6", false)]
    [InlineData("192.0.2.0/31", "192.0.2.1", true)]
    [InlineData("192.0.2.0/31", "192.0.2.2", false)]
    [InlineData("0.0.0.0/0", "198.51.100.1", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8::1", "2001:db8::1", true)]
    [InlineData("fe80::/10", "febf::1", true)]
    [InlineData("fe80::/10", "fec0::1", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.0.0.1", true)]
    [InlineData("10.0.0.0/8", "2001:db8::a00:1", false)]
    public void Cidr_matching(string entry, string address, bool expected)
    {
        var list = new IpAllowList([entry]);

        Assert.Equal(expected, list.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-ip")]
    [InlineData("10.0.0.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/x")]
    public void Invalid_entries_throw_argument_exception(string entry)
    {
        Assert.ThrowsAny<ArgumentException>(() => new IpAllowList([entry]));
    }

    [Fact]
    public void Empty_list_and_null_address_allow_nobody()
    {
        Assert.False(IpAllowList.Empty.Contains(IPAddress.Loopback));
        Assert.False(new IpAllowList(["0.0.0.0/0"]).Contains(null));
    }
}
