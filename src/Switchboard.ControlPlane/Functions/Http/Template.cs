using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>
/// A string with <c>{{name}}</c> and <c>{{secret.NAME}}</c> placeholders, parsed once when a function is saved or
/// run. Anything else between <c>{{</c> and <c>}}</c> is refused by name, so a typo never reaches a server as
/// literal braces. There is no escape for a literal <c>{{</c>. Immutable and thread-safe.
/// </summary>
internal sealed partial class Template
{
    public const string SecretPrefix = "secret.";

    private Template(string source, IReadOnlyList<TemplateSegment> segments)
    {
        Source = source;
        Segments = segments;
    }

    public string Source { get; }
    public IReadOnlyList<TemplateSegment> Segments { get; }
    public bool HasPlaceholders => Segments.Any(s => s.Kind != TemplateSegmentKind.Literal);

    /// <summary>The single placeholder when the template is nothing else (a JSON body value that keeps its type).</summary>
    public TemplateSegment? Whole => Segments is [{ Kind: not TemplateSegmentKind.Literal } only] ? only : null;

    public IEnumerable<string> SecretNames => Segments.Where(s => s.Kind == TemplateSegmentKind.Secret).Select(s => s.Text);

    public static bool TryParse(string text, [NotNullWhen(true)] out Template? template, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<TemplateSegment>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add(new TemplateSegment(TemplateSegmentKind.Literal, text[position..]));
                break;
            }
            if (open > position) segments.Add(new TemplateSegment(TemplateSegmentKind.Literal, text[position..open]));
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                template = null;
                error = $"'{{{{' at position {open} is never closed with '}}}}'.";
                return false;
            }
            var inside = text[(open + 2)..close].Trim();
            if (inside.StartsWith(SecretPrefix, StringComparison.Ordinal) && SecretName().IsMatch(inside[SecretPrefix.Length..]))
            {
                segments.Add(new TemplateSegment(TemplateSegmentKind.Secret, inside[SecretPrefix.Length..]));
            }
            else if (!inside.StartsWith(SecretPrefix, StringComparison.Ordinal) && ValueName().IsMatch(inside))
            {
                segments.Add(new TemplateSegment(TemplateSegmentKind.Value, inside));
            }
            else
            {
                template = null;
                error = $"'{{{{{Shorten(inside)}}}}}' is not a placeholder: use {{{{name}}}} (an argument or dynamic variable: letters, digits, " +
                    "underscores) or {{{{secret.NAME}}}} (a secret's name).";
                return false;
            }
            position = close + 2;
        }
        template = new Template(text, segments);
        error = null;
        return true;
    }

    /// <summary>The text with each placeholder replaced by what <paramref name="resolve"/> returns for it.</summary>
    public string Render(Func<TemplateSegment, string> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        if (Segments is [{ Kind: TemplateSegmentKind.Literal } literal]) return literal.Text;
        var builder = new StringBuilder(Source.Length + 32);
        foreach (var segment in Segments)
            builder.Append(segment.Kind == TemplateSegmentKind.Literal ? segment.Text : resolve(segment));
        return builder.ToString();
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ValueName();

    // The secret store's own rule (SecretRules), repeated here so templates parse without the store.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
