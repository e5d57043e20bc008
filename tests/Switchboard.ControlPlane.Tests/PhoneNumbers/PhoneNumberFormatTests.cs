using Switchboard.ControlPlane.PhoneNumbers;

namespace Switchboard.ControlPlane.Tests.PhoneNumbers;

public sealed class PhoneNumberFormatTests
{
    [Theory]
    [InlineData("+15550100", "+15550100")]
    [InlineData(" +1 (555) 010-0123 ", "+15550100123")]
    [InlineData("+44 20.7946.0000", "+442079460000")]
    [InlineData("+44 (0)20 7946 0000", "+442079460000")]
    [InlineData("(020) 7946 0000", "02079460000")]
    [InlineData("1000", "1000")]
    [InlineData("555-0100", "5550100")]
    [InlineData("sales-line", "sales-line")]
    [InlineData("front.desk_2", "front.desk_2")]
    [InlineData("+123456789012345", "+123456789012345")]
    public void Normalizes_numbers_and_keeps_user_parts(string input, string expected) =>
        Assert.Equal(expected, PhoneNumberFormat.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+0123")]
    [InlineData("+1234567890123456")] // 16 digits: past E.164's 15
    [InlineData("+")]
    [InlineData("sip:1000@host")]
    [InlineData("sales line")]
    [InlineData("a/b")]
    [InlineData("+1 555 abc")]
    [InlineData("(  )")]
    public void Refuses_what_is_neither(string? input) => Assert.Null(PhoneNumberFormat.Normalize(input));

    [Fact]
    public void A_user_part_is_at_most_64_characters()
    {
        Assert.NotNull(PhoneNumberFormat.Normalize(new string('a', 64)));
        Assert.Null(PhoneNumberFormat.Normalize(new string('a', 65)));
    }

    [Fact]
    public void Lookup_tries_the_e164_form_with_and_without_plus_exact_first()
    {
        Assert.Equal(["+15550100", "15550100"], PhoneNumberFormat.LookupCandidates("+1 555 0100"));
        Assert.Equal(["15550100", "+15550100"], PhoneNumberFormat.LookupCandidates("15550100"));
        Assert.Equal(["sales"], PhoneNumberFormat.LookupCandidates("sales"));
        Assert.Empty(PhoneNumberFormat.LookupCandidates("not a number"));
        Assert.Empty(PhoneNumberFormat.LookupCandidates(null));
    }
}
