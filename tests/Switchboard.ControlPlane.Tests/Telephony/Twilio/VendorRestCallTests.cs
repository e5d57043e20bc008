using System.Text;
using Switchboard.ControlPlane.Telephony.Twilio;

namespace Switchboard.ControlPlane.Tests.Telephony.Twilio;

public sealed class VendorRestCallTests
{
    [Fact]
    public void Twilio_and_signalwire_errors_give_their_message()
    {
        var body = """{"code":20404,"message":"The requested resource /2010-04-01/Accounts/AC1/Calls/CA1.json was not found","more_info":"https://www.twilio.com/docs/errors/20404","status":404}""";

        Assert.Equal("The requested resource /2010-04-01/Accounts/AC1/Calls/CA1.json was not found", VendorRestCall.Reason(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("""{"errors":[{"code":"90018","title":"Call has already ended","detail":"This call is no longer active."}]}""", "This call is no longer active.")]
    [InlineData("""{"errors":[{"code":"10009","title":"Authentication failed"}]}""", "Authentication failed")]
    public void Telnyx_errors_give_the_first_errors_detail_else_its_title(string body, string reason)
    {
        Assert.Equal(reason, VendorRestCall.Reason(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("""{"errors":[]}""")]
    [InlineData("""{"message":42}""")]
    [InlineData("[1,2]")]
    [InlineData("""{"message":"   "}""")]
    public void A_body_without_a_reason_gives_none(string body)
    {
        Assert.Null(VendorRestCall.Reason(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void A_long_or_multiline_message_is_cut_to_one_short_line()
    {
        var body = "{\"message\":\"line one\\nline two " + new string('x', 400) + "\"}";

        var reason = VendorRestCall.Reason(Encoding.UTF8.GetBytes(body))!;

        Assert.StartsWith("line one line two xxx", reason, StringComparison.Ordinal);
        Assert.Equal(161, reason.Length);
        Assert.EndsWith("…", reason, StringComparison.Ordinal);
    }
}
