using Switchboard.ControlPlane.Common;

namespace Switchboard.ControlPlane.Tests.Common;

public sealed class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xCBF43926u)] // the standard CRC-32 check value
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Matches_published_check_values(string text, uint expected) => Assert.Equal(expected, Crc32.Compute(text));
}
