using Switchboard.ControlPlane.Functions.Http;

namespace Switchboard.ControlPlane.Tests.Functions.Http;

public sealed class TemplateTests
{
    [Fact]
    public void Splits_literals_values_and_secrets()
    {
        Assert.True(Template.TryParse("Bearer {{secret.API_TOKEN}} for {{ customer_id }}!", out var template, out _));
        Assert.Equal(
            [
                new TemplateSegment(TemplateSegmentKind.Literal, "Bearer "),
                new TemplateSegment(TemplateSegmentKind.Secret, "API_TOKEN"),
                new TemplateSegment(TemplateSegmentKind.Literal, " for "),
                new TemplateSegment(TemplateSegmentKind.Value, "customer_id"),
                new TemplateSegment(TemplateSegmentKind.Literal, "!"),
            ],
            template.Segments);
        Assert.Equal(["API_TOKEN"], template.SecretNames);
        Assert.True(template.HasPlaceholders);
        Assert.Null(template.Whole);
        Assert.Equal("Bearer [API_TOKEN] for <customer_id>!",
            template.Render(s => s.Kind == TemplateSegmentKind.Secret ? $"[{s.Text}]" : $"<{s.Text}>"));
    }

    [Fact]
    public void A_template_that_is_one_placeholder_is_whole_and_plain_text_has_none()
    {
        Assert.True(Template.TryParse("{{count}}", out var whole, out _));
        Assert.Equal(new TemplateSegment(TemplateSegmentKind.Value, "count"), whole.Whole);
        Assert.True(Template.TryParse("no placeholders } { here }}", out var plain, out _));
        Assert.False(plain.HasPlaceholders);
        Assert.Equal("no placeholders } { here }}", plain.Render(_ => throw new InvalidOperationException("nothing to resolve")));
        Assert.True(Template.TryParse("", out var empty, out _));
        Assert.Equal("", empty.Render(_ => "x"));
    }

    [Theory]
    [InlineData("{{secret.}}")]
    [InlineData("{{secret.1ABC}}")]
    [InlineData("{{secrets.API}}")]
    [InlineData("{{a-b}}")]
    [InlineData("{{two words}}")]
    [InlineData("{{}}")]
    [InlineData("{{9lives}}")]
    [InlineData("{{unclosed")]
    [InlineData("ok {{a}} then {{")]
    [InlineData("{{secret.A.B}}")]
    public void Anything_else_between_braces_is_refused_by_name(string text)
    {
        Assert.False(Template.TryParse(text, out var template, out var error));
        Assert.Null(template);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Contains("{{", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_limited_to_64_characters()
    {
        Assert.True(Template.TryParse("{{" + new string('a', 64) + "}}", out _, out _));
        Assert.False(Template.TryParse("{{" + new string('a', 65) + "}}", out _, out _));
        Assert.False(Template.TryParse("{{secret." + new string('A', 65) + "}}", out _, out _));
    }
}
