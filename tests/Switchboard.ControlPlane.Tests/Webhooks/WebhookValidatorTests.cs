using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.Tests.Webhooks;

public sealed class WebhookValidatorTests
{
    [Fact]
    public void Names_every_bad_field()
    {
        var errors = WebhookValidator.Validate(new WebhookEndpointRequest(
            "ftp://example.com", new string('d', 501), null, ["call.started", "call.exploded"], "nope",
            new Dictionary<string, string> { ["Connection"] = "close", ["webhook-id"] = "x", ["X-Ok"] = "fine", ["Bad Name"] = "v", ["X-Crlf"] = "a\r\nb" }),
            create: true);
        Assert.Equal(
            ["agent_id", "description", "event_types[1]", "headers.Bad Name", "headers.Connection", "headers.X-Crlf", "headers.webhook-id", "url"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("https://example.com/hook", null)]
    [InlineData("http://example.com:8080/a?b=c", null)]
    [InlineData("https://user:pw@example.com/", "credentials")]
    [InlineData("http://169.254.169.254/latest", "metadata")]
    [InlineData("http://[fd00:ec2::254]/", "metadata")]
    [InlineData("/relative", "absolute")]
    [InlineData("javascript:alert(1)", "absolute")]
    public void Checks_urls(string url, string? problem)
    {
        var found = WebhookValidator.UrlProblem(url);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_requires_a_url_and_update_does_not()
    {
        var empty = new WebhookEndpointRequest(null, null, null, null, null, null);
        Assert.Equal(["url"], WebhookValidator.Validate(empty, create: true).Keys);
        Assert.Empty(WebhookValidator.Validate(empty, create: false));
    }

    [Theory]
    [InlineData("call.ended", null, "call.ended", null, true)]
    [InlineData("call.ended", null, "call.started", null, false)]
    [InlineData("", null, "error", null, true)]
    [InlineData("", "agent_a", "call.ended", "agent_b", false)]
    [InlineData("", "agent_a", "call.ended", "agent_a", true)]
    [InlineData("", "agent_a", "webhook.endpoint_disabled", null, true)]
    [InlineData("", "agent_a", "call.ended", null, false)]
    public void Matches_type_and_agent_filters(string types, string? endpointAgent, string type, string? agent, bool expected) =>
        Assert.Equal(expected, WebhookOutbox.Matches(types, endpointAgent, type, agent));
}
