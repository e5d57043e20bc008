using System.Net;
using System.Net.Sockets;
using Switchboard.Sip.Rtp;

namespace Switchboard.Sip.Tests.Rtp;

public sealed class RtpPortAllocatorTests
{
    public static TheoryData<string> Loopbacks => new() { "127.0.0.1", "::1" };

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public void Hands_out_even_odd_pairs_until_exhausted_and_takes_them_back(string loopback)
    {
        var allocator = new RtpPortAllocator(new RtpPortAllocatorOptions { MinPort = 41001, MaxPort = 41020, BindAddress = IPAddress.Parse(loopback) });
        Assert.Equal(9, allocator.Capacity);
        var leases = new List<RtpPortLease>();
        for (int i = 0; i < allocator.Capacity; i++)
        {
            RtpPortLease lease = allocator.Allocate();
            Assert.Equal(0, lease.RtpPort % 2);
            Assert.InRange(lease.RtpPort, 41002, 41018);
            Assert.Equal(lease.RtpPort + 1, ((IPEndPoint)lease.RtcpSocket.LocalEndPoint!).Port);
            leases.Add(lease);
        }

        Assert.Equal(9, leases.Select(l => l.RtpPort).Distinct().Count());
        RtpPortsExhaustedException ex = Assert.Throws<RtpPortsExhaustedException>(allocator.Allocate);
        Assert.Contains("41002-41019", ex.Message, StringComparison.Ordinal);

        int freed = leases[3].RtpPort;
        leases[3].Dispose();
        leases[3].Dispose();
        RtpPortLease again = allocator.Allocate();
        Assert.Equal(freed, again.RtpPort);
        again.Dispose();
        foreach (RtpPortLease lease in leases)
        {
            lease.Dispose();
        }

        Assert.Equal(0, allocator.InUse);
    }

    [Fact]
    public void Thousands_of_bind_release_cycles_leak_nothing()
    {
        var options = new RtpPortAllocatorOptions { MinPort = 41100, MaxPort = 41109, BindAddress = IPAddress.Loopback };
        var allocator = new RtpPortAllocator(options);
        for (int i = 0; i < 3000; i++)
        {
            using RtpPortLease a = allocator.Allocate();
            RtpPortLease b = allocator.Allocate();
            b.Dispose();
        }

        Assert.Equal(0, allocator.InUse);

        // Every port must be bindable again by anyone: the sockets were really closed.
        for (int port = 41100; port <= 41109; port++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
    }

    [Fact]
    public void Skips_a_pair_bound_by_someone_else()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 41201));
        var allocator = new RtpPortAllocator(new RtpPortAllocatorOptions { MinPort = 41200, MaxPort = 41203, BindAddress = IPAddress.Loopback });
        using RtpPortLease lease = allocator.Allocate();
        Assert.Equal(41202, lease.RtpPort);
        Assert.Throws<RtpPortsExhaustedException>(allocator.Allocate);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, 100)]
    [InlineData(101, 102)]
    [InlineData(65000, 70000)]
    public void Rejects_ranges_without_a_pair(int min, int max)
    {
        Assert.Throws<ArgumentException>(() => new RtpPortAllocator(new RtpPortAllocatorOptions { MinPort = min, MaxPort = max }));
    }
}
