using Switchboard.ControlPlane.Common;

namespace Switchboard.ControlPlane.Tests.Common;

public sealed class CursorTests
{
    [Fact]
    public void Round_trips()
    {
        var cursor = new Cursor(new DateTimeOffset(2026, 11, 24, 3, 4, 5, 678, TimeSpan.Zero), "agent_abc");
        Assert.True(Cursor.TryDecode(cursor.Encode(), out var back));
        Assert.Equal(cursor, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("bm90LWEtY3Vyc29y")] // "not-a-cursor"
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OTk5OmE")] // ticks beyond DateTimeOffset.MaxValue
    public void Rejects_garbage(string value) => Assert.False(Cursor.TryDecode(value, out _));
}
