using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.Tests.Webhooks;

public sealed class WebhookClaimerTests
{
    private static WebhookClaimRow Row(string id, string channel) => new() { Id = id, Channel = channel };

    [Fact]
    public void A_row_another_node_holds_ends_its_channels_claim_but_not_the_others()
    {
        // Candidates come ranked across channels (every head first), each channel in event order.
        WebhookClaimRow[] candidates = [Row("a1", "A"), Row("b1", "B"), Row("c1", "C"), Row("a2", "A"), Row("b2", "B"), Row("a3", "A")];
        var locked = new HashSet<string> { "a1", "a3", "b2", "c1" };

        Assert.Equal(["a1", "c1"], WebhookClaimer.KeepPrefixes(candidates, locked));
    }

    [Fact]
    public void Everything_locked_is_kept_in_candidate_order()
    {
        WebhookClaimRow[] candidates = [Row("a1", "A"), Row("b1", "B"), Row("a2", "A")];

        Assert.Equal(["a1", "b1", "a2"], WebhookClaimer.KeepPrefixes(candidates, new HashSet<string> { "a1", "a2", "b1" }));
    }
}
