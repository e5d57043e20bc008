using Switchboard.ControlPlane.Telephony;
using Switchboard.Sip.Messages;

namespace Switchboard.ControlPlane.Tests.Telephony;

public sealed class SipHeaderVariablesTests
{
    [Fact]
    public void X_headers_become_lower_case_underscore_names_and_others_are_ignored()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["tier"] = "gold" };
        SipHeaderVariables.AddTo(variables,
        [
            new SipHeader("X-Customer-Id", "42"),
            new SipHeader("x-campaign_name", "spring sale"),
            new SipHeader("X-Tier", "bronze"),
            new SipHeader("X-Bad.Name", "dropped"),
            new SipHeader("User-Agent", "phone"),
            new SipHeader("X-", "empty name"),
        ]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["tier"] = "gold",
            ["customer_id"] = "42",
            ["campaign_name"] = "spring sale",
        }, variables);
    }

    [Fact]
    public void Caller_supplied_headers_are_bounded_in_number_and_length()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var headers = Enumerable.Range(0, 100).Select(i => new SipHeader($"X-H{i}", new string('v', 2000))).ToList();
        SipHeaderVariables.AddTo(variables, headers);
        Assert.Equal(SipHeaderVariables.MaxVariables, variables.Count);
        Assert.All(variables.Values, v => Assert.Equal(SipHeaderVariables.MaxValueLength, v.Length));
        Assert.Null(SipHeaderVariables.ToName(new string('a', 65)));
    }
}
