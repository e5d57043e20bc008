using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Tests.Messages;

public sealed class SipParametersTests
{
    [Fact]
    public void Lookup_is_case_insensitive_and_order_is_kept()
    {
        var p = new SipParameters();
        Assert.Empty(p);
        Assert.False(p.Remove("x"));
        Assert.Null(p.GetValue("x"));
        p.Add("Lr", null);
        p.Add("transport", "tcp");
        p.Set("TRANSPORT", "udp");
        p.Set("ttl", "5");
        Assert.Equal(["Lr", "transport", "ttl"], p.Select(x => x.Name));
        Assert.True(p.TryGetValue("lr", out string? lr));
        Assert.Null(lr);
        Assert.Equal("udp", p.GetValue("Transport"));

        SipParameters copy = p.Clone();
        Assert.True(p.Remove("LR"));
        Assert.Equal(2, p.Count);
        Assert.Equal(3, copy.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipParameters()[0]);
    }
}
