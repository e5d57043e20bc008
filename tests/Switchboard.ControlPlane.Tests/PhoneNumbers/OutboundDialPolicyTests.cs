using Switchboard.ControlPlane.PhoneNumbers;

namespace Switchboard.ControlPlane.Tests.PhoneNumbers;

public sealed class OutboundDialPolicyTests
{
    private static readonly string[] UsOnly = ["1"];

    [Theory]
    [InlineData("+14155550123", "1")]
    [InlineData("+1 (415) 555-0123", "1")]
    [InlineData("+18095550123", "1")]        // Dominican Republic shares NANP's +1 and is not premium
    [InlineData("+442079460000", "44")]
    [InlineData("+358912345678", "358")]     // Helsinki: a geographic number, not a premium one
    [InlineData("+4930123456", "49")]
    public void Allows_an_e164_number_whose_country_is_listed(string number, string country)
    {
        var decision = OutboundDialPolicy.Check(number, [country]);
        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(PhoneNumberFormat.Normalize(number), decision.Number);
    }

    [Theory]
    [InlineData("14155550123")]      // no '+': a SIP user part, not a PSTN number
    [InlineData("1000")]
    [InlineData("sales")]
    [InlineData("+0123456789")]
    [InlineData("+1234")]             // too short to hold a subscriber number
    [InlineData("+12345678901234567")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_anything_not_e164_as_invalid_number(string? number) =>
        Assert.Equal(OutboundDialPolicy.InvalidNumber, OutboundDialPolicy.Check(number, UsOnly).Reason);

    [Theory]
    [InlineData("+442079460000")]
    [InlineData("+79161234567")]     // Russia: +7, not NANP
    [InlineData("+3581234567")]
    public void Refuses_a_country_not_on_the_list(string number) =>
        Assert.Equal(OutboundDialPolicy.CountryNotAllowed, OutboundDialPolicy.Check(number, UsOnly).Reason);

    [Fact]
    public void Matches_whole_country_codes_only()
    {
        // "35" is not a country code (358, 353, ... are), so it must not open Finland or Ireland.
        Assert.Equal(OutboundDialPolicy.CountryNotAllowed, OutboundDialPolicy.Check("+358912345678", ["35"]).Reason);
        Assert.Equal(OutboundDialPolicy.CountryNotAllowed, OutboundDialPolicy.Check("+358912345678", []).Reason);
        Assert.True(OutboundDialPolicy.Check("+358912345678", ["1", "358"]).Allowed);
    }

    [Theory]
    [InlineData("+19005550123")]
    [InlineData("+19765550123")]
    [InlineData("+448712345678")]
    [InlineData("+449012345678")]
    [InlineData("+4990012345678")]
    [InlineData("+3389123456789")]
    [InlineData("+34803123456")]
    [InlineData("+39899123456")]
    [InlineData("+31900123456")]
    [InlineData("+61190012345")]
    [InlineData("+358600123456")]
    [InlineData("+881612345678")]
    public void Refuses_premium_rate_ranges_even_when_the_country_is_allowed(string number)
    {
        var countries = new[] { "1", "44", "49", "33", "34", "39", "31", "61", "358", "881" };
        Assert.Equal(OutboundDialPolicy.PremiumRate, OutboundDialPolicy.Check(number, countries).Reason);
    }

    [Fact]
    public void Every_premium_prefix_is_digits_under_a_well_formed_country_code()
    {
        foreach (var (prefix, range) in OutboundDialPolicy.PremiumPrefixes)
        {
            Assert.True(prefix.All(char.IsAsciiDigit), range);
            Assert.Contains(Enumerable.Range(1, Math.Min(3, prefix.Length)), n => CountryCallingCodes.IsWellFormed(prefix[..n]));
        }
    }

    [Fact]
    public void A_null_list_is_an_argument_error() =>
        Assert.Throws<ArgumentNullException>(() => OutboundDialPolicy.Check("+14155550123", null!));

    [Theory]
    [InlineData("1", true)]
    [InlineData("7", true)]
    [InlineData("44", true)]
    [InlineData("358", true)]
    [InlineData("880", true)]
    [InlineData("2", false)]
    [InlineData("35", false)]
    [InlineData("441", false)] // would start with +44
    [InlineData("12", false)]  // would start with +1
    [InlineData("0", false)]
    [InlineData("+44", false)]
    [InlineData("4a", false)]
    [InlineData("3581", false)]
    [InlineData(null, false)]
    public void Country_codes_are_checked_for_shape(string? code, bool wellFormed) =>
        Assert.Equal(wellFormed, CountryCallingCodes.IsWellFormed(code));
}
