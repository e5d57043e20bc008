using System.Net;
using Switchboard.ControlPlane.Outbound;

namespace Switchboard.ControlPlane.Tests.Outbound;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", nameof(OutboundRefusalReason.Loopback))]
    [InlineData("127.255.0.9", nameof(OutboundRefusalReason.Loopback))]
    [InlineData("::1", nameof(OutboundRefusalReason.Loopback))]
    [InlineData("10.1.2.3", nameof(OutboundRefusalReason.Private))]
    [InlineData("172.16.0.1", nameof(OutboundRefusalReason.Private))]
    [InlineData("172.31.255.255", nameof(OutboundRefusalReason.Private))]
    [InlineData("192.168.1.1", nameof(OutboundRefusalReason.Private))]
    [InlineData("fd12:3456::1", nameof(OutboundRefusalReason.Private))]
    [InlineData("fc00::1", nameof(OutboundRefusalReason.Private))]
    [InlineData("169.254.10.10", nameof(OutboundRefusalReason.LinkLocal))]
    [InlineData("fe80::1", nameof(OutboundRefusalReason.LinkLocal))]
    [InlineData("100.64.0.1", nameof(OutboundRefusalReason.CarrierGradeNat))]
    [InlineData("100.127.255.254", nameof(OutboundRefusalReason.CarrierGradeNat))]
    [InlineData("224.0.0.1", nameof(OutboundRefusalReason.Multicast))]
    [InlineData("239.255.255.250", nameof(OutboundRefusalReason.Multicast))]
    [InlineData("ff02::1", nameof(OutboundRefusalReason.Multicast))]
    [InlineData("0.0.0.0", nameof(OutboundRefusalReason.Unspecified))]
    [InlineData("::", nameof(OutboundRefusalReason.Unspecified))]
    [InlineData("255.255.255.255", nameof(OutboundRefusalReason.Reserved))]
    [InlineData("240.0.0.1", nameof(OutboundRefusalReason.Reserved))]
    [InlineData("169.254.169.254", nameof(OutboundRefusalReason.Metadata))]
    [InlineData("100.100.100.200", nameof(OutboundRefusalReason.Metadata))]
    [InlineData("fd00:ec2::254", nameof(OutboundRefusalReason.Metadata))]
    [InlineData("::ffff:169.254.169.254", nameof(OutboundRefusalReason.Metadata))]
    [InlineData("::ffff:127.0.0.1", nameof(OutboundRefusalReason.Loopback))]   // IPv4-mapped: judged as the IPv4 it is
    [InlineData("::ffff:10.0.0.1", nameof(OutboundRefusalReason.Private))]
    [InlineData("::127.0.0.1", nameof(OutboundRefusalReason.EmbeddedIpv4))]      // IPv4-compatible
    [InlineData("64:ff9b::a00:1", nameof(OutboundRefusalReason.EmbeddedIpv4))]   // NAT64 of 10.0.0.1
    [InlineData("64:ff9b::7f00:1", nameof(OutboundRefusalReason.EmbeddedIpv4))]  // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe", nameof(OutboundRefusalReason.Metadata))]   // NAT64 of 169.254.169.254
    [InlineData("2002:a00:1::1", nameof(OutboundRefusalReason.EmbeddedIpv4))]    // 6to4 of 10.0.0.1
    [InlineData("2002:c0a8:101::1", nameof(OutboundRefusalReason.EmbeddedIpv4))] // 6to4 of 192.168.1.1
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", nameof(OutboundRefusalReason.EmbeddedIpv4))] // Teredo, client 10.0.0.1
    [InlineData("64:ff9b:1::1", nameof(OutboundRefusalReason.Private))]
    public void Refuses_every_non_public_class(string address, string expected) =>
        Assert.Equal(Enum.Parse<OutboundRefusalReason>(expected), AddressPolicy.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("100.128.0.1")]   // just above CGNAT
    [InlineData("172.32.0.1")]    // just above 172.16/12
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]  // NAT64 of 8.8.8.8
    [InlineData("2002:808:808::1")]    // 6to4 of 8.8.8.8
    public void Admits_public_unicast(string address) => Assert.Null(AddressPolicy.Classify(IPAddress.Parse(address)));

    [Fact]
    public void Teredo_client_address_is_deobfuscated()
    {
        // The client IPv4 is stored inverted: ~f5ff:fffe = 10.0.0.1.
        Assert.Equal(IPAddress.Parse("10.0.0.1"), AddressPolicy.EmbeddedV4(IPAddress.Parse("2001:0:4136:e378:8000:63bf:f5ff:fffe")));
    }
}
